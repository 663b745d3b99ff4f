import type { Page } from "@playwright/test";

export class LoginPage {
  constructor(private readonly page: Page) {}

  async goto() {
    await this.page.goto("/login");
  }

  async signIn(username: string, password: string) {
    await this.page.getByLabel("Username").fill(username);
    await this.page.getByLabel("Password").fill(password);
    await this.page.getByRole("button", { name: "Sign in" }).click();
  }

  errorMessage() {
    // Next.js adds an empty route announcer with role=alert; the form's own alert is the one inside the form.
    return this.page.locator("form").getByRole("alert");
  }

  heading() {
    return this.page.getByRole("heading", { name: "Blastmap" });
  }
}
