import type { Locator, Page } from "@playwright/test";

export class FindingsPage {
  constructor(private readonly page: Page) {}

  async goto(filters: Record<string, string> = {}) {
    const query = new URLSearchParams(filters).toString();
    await this.page.goto(`/findings${query ? `?${query}` : ""}`);
  }

  table(): Locator {
    return this.page.getByRole("table", { name: "Findings" });
  }

  linkTo(id: string): Locator {
    return this.page.locator(`table a[href="/findings/${id}"]`);
  }

  findingLink(title: RegExp | string): Locator {
    return this.table().getByRole("link", { name: title }).first();
  }

  async filter(label: "Status" | "Severity" | "Rule" | "Agent", value: string) {
    await this.page.getByRole("form", { name: "Filter findings" }).getByLabel(label).selectOption(value);
    await this.page.getByRole("button", { name: "Apply" }).click();
  }
}

export class FindingPage {
  constructor(private readonly page: Page) {}

  status(): Locator {
    return this.page.getByTestId("finding-status");
  }

  evidencePaths(): Locator {
    return this.page.getByTestId("evidence-path");
  }

  async accept(reason: string, expires?: string) {
    const form = this.page.getByRole("form", { name: "Accept this finding" });
    await form.getByLabel("Reason").fill(reason);
    if (expires) await form.getByLabel("Expires on").fill(expires);
    await form.getByRole("button", { name: "Accept risk" }).click();
  }

  async reopen() {
    await this.page.getByRole("form", { name: "Reopen this finding" }).getByRole("button", { name: "Reopen" }).click();
  }
}
