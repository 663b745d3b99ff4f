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

  /** Ticks one value in a multi-select filter (Status, Severity, Rule, Agent) and applies the filters. */
  async filter(label: "Status" | "Severity" | "Rule" | "Agent", value: string) {
    const form = this.page.getByRole("form", { name: "Filter findings" });
    await form.locator("summary", { hasText: label }).click();
    await form.getByRole("group", { name: label }).getByLabel(value, { exact: true }).check();
    await form.getByRole("button", { name: "Apply" }).click();
  }

  async search(text: string) {
    const form = this.page.getByRole("form", { name: "Filter findings" });
    await form.getByLabel("Search").fill(text);
    await form.getByRole("button", { name: "Apply" }).click();
  }

  count(): Locator {
    return this.page.getByTestId("findings-count");
  }

  /** Ticks the rows' checkboxes of these findings. */
  async select(ids: string[]) {
    for (const id of ids) await this.page.locator(`input[type=checkbox][name="ids"][value="${id}"]`).check();
  }

  async ids(): Promise<string[]> {
    return this.page.locator('input[type=checkbox][name="ids"]').evaluateAll((boxes) => boxes.map((b) => (b as HTMLInputElement).value));
  }

  bulkForm(): Locator {
    return this.page.getByRole("form", { name: "Change the status of the selected findings" });
  }

  async bulk(action: "Accept selected" | "Reopen selected", reason: string) {
    const form = this.bulkForm();
    await form.getByLabel("Reason").fill(reason);
    await form.getByRole("button", { name: action }).click();
  }

  exportLink(format: "CSV" | "SARIF 2.1.0"): Locator {
    return this.page.getByRole("link", { name: format, exact: true });
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

  async reopen(reason: string) {
    const form = this.page.getByRole("form", { name: "Reopen this finding" });
    await form.getByLabel("Reason").fill(reason);
    await form.getByRole("button", { name: "Reopen" }).click();
  }

  history(): Locator {
    return this.page.getByTestId("status-history");
  }

  subjectLink(): Locator {
    return this.page.locator(".subtitle a.strong-link");
  }
}
