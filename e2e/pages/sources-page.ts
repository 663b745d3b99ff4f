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

  /** Creates an API token from the "New API token" form; returns the token shown once. */
  async createToken(token: { name: string; sources?: string[]; guardSync?: boolean }): Promise<string> {
    const form = this.page.getByRole("form", { name: "New API token" });
    await form.getByLabel("Token name").fill(token.name);
    for (const source of token.sources ?? []) await form.getByLabel(source).check();
    if (token.guardSync) await form.getByRole("checkbox", { name: /^Guard sync/ }).check();
    await form.getByRole("button", { name: "Create token" }).click();
    const shown = this.page.getByTestId("new-token");
    await shown.waitFor();
    return (await shown.textContent()) ?? "";
  }

  tokenRow(name: string) {
    return this.page.getByRole("listitem").filter({ hasText: name });
  }

  async runNow() {
    await this.page.getByRole("button", { name: "Run now" }).click();
  }

  sweepStatus() {
    return this.page.getByTestId("sweep-status");
  }
}
