import path from "node:path";
import { expect, snap, test } from "./fixtures";
import { SourcesPage } from "./pages/sources-page";

const INVENTORY = path.resolve("lib/collectors/inventory/fixtures/railway.inventory.json");

test("create a source, run it, watch it progress and succeed, and see what changed", async ({ page }) => {
  const sources = new SourcesPage(page);
  await sources.goto();
  const name = `e2e-inventory-${Date.now()}`;
  await sources.createSource({ name, collector: "inventory", config: { file: INVENTORY } });

  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  await expect(page.getByText("manual", { exact: true })).toBeVisible();
  await sources.runNow();

  await expect(page).toHaveURL(/\/sources\/\d+\/sweeps\/\d+$/);
  // Numbered per source: the first sweep of a new source is its sweep 1.
  await expect(page.getByRole("heading", { level: 1, name: new RegExp(`^Sweep 1 of ${name}`) })).toBeVisible();
  await expect(page.getByRole("progressbar", { name: "Sweep progress" })).toBeVisible();
  await expect(sources.sweepStatus()).toHaveText("succeeded", { timeout: 45_000 });
  await expect(page.getByTestId("sweep-stats")).toContainText(/Nodes \+\d+/);
  await expect(page.getByRole("heading", { name: "What changed" })).toBeVisible();
  await expect(page.getByTestId("sweep-log")).toContainText("succeeded: nodes");
  await snap(page, "sweep-succeeded");

  // The second run of the same source finds nothing new.
  await page.getByRole("link", { name }).click();
  await sources.runNow();
  await expect(sources.sweepStatus()).toHaveText("succeeded", { timeout: 45_000 });
  await expect(page.getByText("Nothing changed since the previous sweep.")).toBeVisible();
});

test("a workspace source on the demo estate shows the destructive reach it brought in", async ({ page }) => {
  const home = path.resolve("lib/demo/estate/home/dana");
  const sources = new SourcesPage(page);
  await sources.goto();
  const name = `e2e-workspace-${Date.now()}`;
  await sources.createSource({ name, collector: "workspace", config: { roots: [path.join(home, "projects", "storefront")], home, machine: `e2e-${Date.now()}` } });
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  await sources.runNow();
  await expect(sources.sweepStatus()).toHaveText("succeeded", { timeout: 90_000 });
  await expect(page.getByRole("heading", { name: /^New destructive reach \(\d+\)$/ })).toBeVisible();
  await snap(page, "sweep-workspace-diff");
});

test("a schedule that can never fire is refused with a clear message", async ({ page }) => {
  const sources = new SourcesPage(page);
  await sources.goto();
  await sources.createSource({ name: `e2e-bad-schedule-${Date.now()}`, collector: "inventory", config: { file: INVENTORY }, schedule: "0 0 30 2 *" });
  await expect(page.getByRole("alert").filter({ hasText: "never fires (no such date" })).toBeVisible();
  // Refused, the form keeps what was typed, and the message sits beside the schedule.
  const form = page.getByRole("form", { name: "New source" });
  await expect(form.getByLabel(/^Schedule/)).toHaveValue("0 0 30 2 *");
  await expect(form.getByLabel(/^Schedule/)).toHaveAttribute("aria-invalid", "true");
  await expect(form.getByLabel(/^Config/)).toHaveValue(JSON.stringify({ file: INVENTORY }));
});

test("an API token is shown once and can be revoked", async ({ page }) => {
  const sources = new SourcesPage(page);
  await sources.goto();
  const name = `e2e-token-source-${Date.now()}`;
  await sources.createSource({ name, collector: "inventory", config: { file: INVENTORY } });
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  await sources.goto();
  const form = page.getByRole("form", { name: "New API token" });
  await form.getByLabel("Token name").fill("e2e-ci");
  await form.getByLabel(name).check();
  await form.getByRole("button", { name: "Create token" }).click();
  const token = page.getByTestId("new-token");
  await expect(token).toHaveText(/^bm_[A-Za-z0-9_-]{40,}$/);
  const plain = (await token.textContent())!;

  const push = await page.request.post(`/api/v1/sources/${encodeURIComponent(name)}/sweeps`, {
    headers: { authorization: `Bearer ${plain}`, "content-type": "application/json" },
    // A source takes batches of its own collector only.
    data: { collector: "inventory", nodes: [{ kind: "agent", key: "agent:e2e:test:/", name: "e2e agent" }], edges: [] },
  });
  expect(push.status()).toBe(201);

  await page.reload();
  await expect(page.getByTestId("new-token")).toHaveCount(0);
  const row = page.getByRole("listitem").filter({ hasText: "e2e-ci" });
  await expect(row).toContainText("last used");
  await row.getByRole("button", { name: "Revoke" }).click();
  await expect(row.getByText("revoked")).toBeVisible();
  const after = await page.request.post(`/api/v1/sources/${encodeURIComponent(name)}/sweeps`, {
    headers: { authorization: `Bearer ${plain}`, "content-type": "application/json" },
    data: {},
  });
  expect(after.status()).toBe(401);
});

test("a guard-sync token is listed with its scope and reads the guard snapshot, nothing else", async ({ page }) => {
  const sources = new SourcesPage(page);
  await sources.goto();
  const name = `e2e-guard-sync-${Date.now()}`;
  const plain = await sources.createToken({ name, guardSync: true });
  expect(plain).toMatch(/^bm_[A-Za-z0-9_-]{40,}$/);

  await page.reload();
  const row = sources.tokenRow(name);
  await expect(row).toContainText("→ guard snapshot");
  await expect(row).toContainText("last used never");

  const snapshot = await page.request.get("/api/v1/guard/snapshot", { headers: { authorization: `Bearer ${plain}` } });
  expect(snapshot.status()).toBe(200);
  const push = await page.request.post("/api/v1/sources/anything/sweeps", {
    headers: { authorization: `Bearer ${plain}`, "content-type": "application/json" },
    data: { collector: "inventory", nodes: [], edges: [] },
  });
  expect(push.status()).toBe(403);
  await page.reload();
  await expect(sources.tokenRow(name)).not.toContainText("last used never");
});
