import { test as setup, expect } from "@playwright/test";
import { E2E_ADMIN_PASSWORD } from "./constants";
import { LoginPage } from "./pages/login-page";

setup("sign in once and keep the session", async ({ page }) => {
  const login = new LoginPage(page);
  await login.goto();
  await login.signIn("admin", E2E_ADMIN_PASSWORD);
  await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
  await page.context().storageState({ path: "test-results/.auth/admin.json" });
});
