import type { Page } from "@playwright/test";

/** The admin's audit log: entries newest first, filters, CSV export. */
export class AuditPage {
  constructor(private readonly page: Page) {}

  async goto(filter: { action?: string; actor?: string } = {}) {
    const search = new URLSearchParams(Object.entries(filter).filter(([, v]) => v) as [string, string][]);
    await this.page.goto(`/audit${search.size ? `?${search}` : ""}`);
  }

  rows() {
    return this.page.getByRole("table", { name: "Audit entries" }).locator("tbody tr");
  }

  exportLink() {
    return this.page.getByRole("link", { name: "Export CSV" });
  }
}
