import type { Page } from "@playwright/test";

export class AppShell {
  constructor(private readonly page: Page) {}

  nav() {
    return this.page.getByRole("navigation", { name: "Main" });
  }

  async open(section: "Overview" | "Agents" | "Graph" | "Findings" | "Credentials" | "Sources" | "Users" | "Audit log") {
    await this.nav().getByRole("link", { name: section, exact: true }).click();
  }

  async signOut() {
    await this.page.getByRole("button", { name: "Sign out" }).click();
  }
}
