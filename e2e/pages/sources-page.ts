import type { Page } from "@playwright/test";

export class SourcesPage {
  constructor(private readonly page: Page) {}

  async goto() {
    await this.page.goto("/sources");
  }

  async createSource(source: { name: string; collector: string; config: object; schedule?: string }) {
    const form = this.page.getByRole("form", { name: "New source" });
    await form.getByLabel("Name").fill(source.name);
    await form.getByLabel("Collector").selectOption(source.collector);
    await form.getByLabel(/^Schedule/).fill(source.schedule ?? "");
    await form.getByLabel(/^Config/).fill(JSON.stringify(source.config));
    await form.getByRole("button", { name: "Create source" }).click();
  }

  async runNow() {
    await this.page.getByRole("button", { name: "Run now" }).click();
  }

  sweepStatus() {
    return this.page.getByTestId("sweep-status");
  }
}
