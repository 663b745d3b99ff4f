import { E2E_ADMIN_PASSWORD } from "./constants";
import { expect, snap, test } from "./fixtures";
import { AppShell } from "./pages/app-shell";
import { LoginPage } from "./pages/login-page";

test("an unauthenticated visit lands on the sign-in page", async ({ page }) => {
  await page.goto("/findings");
  await expect(page).toHaveURL(/\/login\?callbackUrl=%2Ffindings/);
  await expect(new LoginPage(page).heading()).toBeVisible();
  await snap(page, "sign-in");
});

test("an API call without a session gets 401", async ({ request }) => {
  const response = await request.get("/api/v1/agents");
  expect(response.status()).toBe(401);
});

test("a wrong password shows an error and stays on sign-in", async ({ page, guard }) => {
  guard.allowFailure("/api/auth/callback/credentials");
  const login = new LoginPage(page);
  await login.goto();
  await login.signIn("admin", "not-the-password");
  await expect(login.errorMessage()).toHaveText("Wrong username or password.");
  await expect(page).toHaveURL(/\/login/);
  await snap(page, "sign-in-error");
});

test("the right password opens the overview, and sign-out ends the session", async ({ page }) => {
  const login = new LoginPage(page);
  await login.goto();
  await login.signIn("admin", E2E_ADMIN_PASSWORD);
  await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
  await snap(page, "overview");

  await new AppShell(page).signOut();
  await expect(page).toHaveURL(/\/login/);
  await page.goto("/");
  await expect(page).toHaveURL(/\/login/);
});
