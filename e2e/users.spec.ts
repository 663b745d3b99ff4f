/**
 * The Users page: an admin creates a user, that user signs in in another browser, the admin disables
 * them, and their very next request is signed out (the session is checked against the database on every
 * request). The audit log shows all of it.
 */
import { expect, snap, test } from "./fixtures";
import { AppShell } from "./pages/app-shell";
import { AuditPage } from "./pages/audit-page";
import { FindingsPage } from "./pages/findings-page";
import { LoginPage } from "./pages/login-page";
import { UsersPage } from "./pages/users-page";

const ANALYST = "e2e-analyst";
const PASSWORD = "analyst-password-e2e-only";

test("a disabled user's next request is signed out", async ({ page, browser, baseURL }) => {
  const users = new UsersPage(page);
  await users.goto();
  await expect(users.heading()).toBeVisible();
  await users.create(ANALYST, PASSWORD, "analyst");
  await expect(users.row(ANALYST)).toContainText("analyst");
  await expect(users.status(ANALYST)).toHaveText("active");

  // The new user, in a browser of their own.
  const theirs = await browser.newContext({ baseURL });
  const them = await theirs.newPage();
  const login = new LoginPage(them);
  await login.goto();
  await login.signIn(ANALYST, PASSWORD);
  await expect(them.getByRole("heading", { name: "Overview" })).toBeVisible();
  await expect(new AppShell(them).nav().getByRole("link", { name: "Users" })).toHaveCount(0);
  await them.goto("/findings");
  await expect(them.getByRole("heading", { level: 1, name: "Findings" })).toBeVisible();

  await users.goto();
  await expect(users.row(ANALYST).locator("td").nth(3)).toHaveText("1"); // one live session
  await snap(page, "users");
  await users.disable(ANALYST);
  await expect(users.status(ANALYST)).toHaveText("disabled");

  await them.goto("/findings");
  await expect(them).toHaveURL(/\/login/);
  await expect(login.heading()).toBeVisible();
  // And they cannot come back.
  await login.signIn(ANALYST, PASSWORD);
  await expect(login.errorMessage()).toHaveText("Wrong username or password.");
  await theirs.close();

  const audit = new AuditPage(page);
  await audit.goto({ actor: "admin" });
  await expect(audit.rows().filter({ hasText: "user.create" }).filter({ hasText: ANALYST })).toHaveCount(1);
  await expect(audit.rows().filter({ hasText: "user.disable" }).filter({ hasText: ANALYST })).toHaveCount(1);
  await audit.goto({ action: "auth.sign_in" });
  await expect(audit.rows().filter({ hasText: ANALYST }).filter({ hasText: "failure" })).toHaveCount(1);
  await expect(audit.rows().filter({ hasText: ANALYST }).filter({ hasText: "success" })).toHaveCount(1);
  await audit.goto();
  await snap(page, "audit");
  const csv = await page.request.get(`/audit/export?action=user.disable`);
  expect(csv.headers()["content-type"]).toContain("text/csv");
  expect(await csv.text()).toContain(`,user.disable,success,${ANALYST},`);
});

test("a viewer sees findings but no Accept form, and no admin pages", async ({ page, browser, baseURL, guard }) => {
  const users = new UsersPage(page);
  await users.goto();
  await users.create("e2e-viewer", PASSWORD, "viewer");

  const theirs = await browser.newContext({ baseURL });
  const them = await theirs.newPage();
  const login = new LoginPage(them);
  await login.goto();
  await login.signIn("e2e-viewer", PASSWORD);
  await expect(them.getByRole("heading", { name: "Overview" })).toBeVisible();
  const findings = new FindingsPage(them);
  await findings.goto({ status: "open" });
  // The first link to a finding itself (rows also link their subject and agents).
  await findings.table().locator(`a[href^="/findings/"]`).first().click();
  await expect(them.getByRole("heading", { name: "Status", exact: true })).toBeVisible();
  await expect(them.getByText("An analyst or an admin may accept it.")).toBeVisible();
  await expect(them.getByRole("form", { name: "Accept this finding" })).toHaveCount(0);
  guard.allowFailure("/users");
  const refused = await them.goto("/users");
  expect(refused?.status()).toBe(404);
  await theirs.close();
});

test("everyone changes their own password; a cookie kept from before sign-out no longer works", async ({ page, browser, baseURL }) => {
  const users = new UsersPage(page);
  await users.goto();
  await users.create("e2e-owner", PASSWORD, "viewer");

  const theirs = await browser.newContext({ baseURL });
  const them = await theirs.newPage();
  const login = new LoginPage(them);
  await login.goto();
  await login.signIn("e2e-owner", PASSWORD);
  await expect(them.getByRole("heading", { name: "Overview" })).toBeVisible();
  await new AppShell(them).nav().getByRole("link", { name: "e2e-owner" }).click();
  const form = them.getByRole("form", { name: "Change your password" });
  await form.getByLabel("Current password").fill(PASSWORD);
  await form.getByLabel(/^New password \(/).fill("a-new-password-e2e");
  await form.getByLabel("New password again").fill("a-new-password-e2e");
  await form.getByRole("button", { name: "Change password" }).click();
  await expect(form.getByRole("status")).toHaveText("Password changed. Your other sessions were signed out.");

  // Keep the cookie, sign out, then put the cookie back: the session is over on the server.
  const kept = await theirs.storageState();
  await new AppShell(them).signOut();
  await expect(them).toHaveURL(/\/login/);
  const replay = await browser.newContext({ baseURL, storageState: kept });
  const replayed = await replay.newPage();
  await replayed.goto("/findings");
  await expect(replayed).toHaveURL(/\/login/);
  await replay.close();

  await login.signIn("e2e-owner", "a-new-password-e2e");
  await expect(them.getByRole("heading", { name: "Overview" })).toBeVisible();
  await theirs.close();
});

test("five wrong passwords lock an account for 15 minutes, and the form says so", async ({ browser, baseURL }) => {
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  const login = new LoginPage(page);
  await login.goto();
  for (let i = 0; i < 5; i++) {
    await login.signIn("e2e-locked-out", `wrong-${i}`);
    await expect(login.errorMessage()).toHaveText("Wrong username or password.");
  }
  await login.signIn("e2e-locked-out", "wrong-again");
  await expect(login.errorMessage()).toHaveText("Too many attempts; try again in 15 minutes.");
  await snap(page, "sign-in-throttled");
  await context.close();
});
