import type { Page } from "@playwright/test";

/** The admin's Users page: create users, change roles, disable, reset passwords, delete. */
export class UsersPage {
  constructor(private readonly page: Page) {}

  async goto() {
    await this.page.goto("/users");
  }

  heading() {
    return this.page.getByRole("heading", { level: 1, name: "Users" });
  }

  async create(username: string, password: string, role: "admin" | "analyst" | "viewer") {
    const form = this.page.getByRole("form", { name: "New user" });
    await form.getByLabel("Username").fill(username);
    await form.getByLabel("Password").fill(password);
    await form.getByLabel("Role of the new user").selectOption(role);
    await form.getByRole("button", { name: "Create user" }).click();
    await form.getByRole("status").waitFor();
  }

  row(username: string) {
    return this.page.locator(`tr[data-username="${username}"]`);
  }

  status(username: string) {
    return this.row(username).locator("td").nth(2);
  }

  async disable(username: string) {
    await this.row(username).getByRole("form", { name: `Disable ${username}` }).getByRole("button", { name: "Disable" }).click();
  }

  async changeRole(username: string, role: "admin" | "analyst" | "viewer") {
    const form = this.row(username).getByRole("form", { name: `Role of ${username}` });
    await form.getByLabel(`Role of ${username}`).selectOption(role);
    await form.getByRole("button", { name: "Save role" }).click();
    await form.getByRole("status").waitFor();
  }
}
