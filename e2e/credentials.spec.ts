/**
 * The credential inventory: sortable, filterable, filters in the URL, and only ever a redacted preview.
 */
import { expect, snap, test } from "./fixtures";
import { CredentialsPage } from "./pages/credentials-page";

test("credentials are listed with a redacted preview, sortable and filterable in the URL", async ({ page }) => {
  const credentials = new CredentialsPage(page);
  await credentials.goto();
  await expect(page.getByRole("heading", { level: 1, name: "Credentials" })).toBeVisible();
  await page.waitForLoadState("networkidle"); // snap() restyles inputs: never before hydration
  await snap(page, "credentials");
  const table = credentials.table();
  await expect(table.first(), "the e2e server loads the demo estate, so there are credentials").toBeVisible();
  await expect(credentials.rows().first()).toBeVisible();
  // Every preview is short and elided: never a whole secret.
  for (const preview of await table.locator('code[title="Redacted preview"]').allTextContents()) {
    expect(preview.length).toBeLessThanOrEqual(24);
  }
  await credentials.sortBy("Provider").click();
  await expect(page).toHaveURL(/sort=provider/);
  const provider = (await credentials.providers().first().textContent())!.trim();
  await credentials.filterProvider(provider);
  await expect(page).toHaveURL(new RegExp(`provider=${provider}`));
  await expect(page).toHaveURL(/sort=provider/);
  for (const cell of await credentials.providers().allTextContents()) expect(cell.trim()).toBe(provider);
  await page.waitForLoadState("networkidle"); // snap() restyles inputs: never before hydration
  await snap(page, "credentials-filtered");
});

test("each credential says which agents can read it, and links to them", async ({ page }) => {
  const credentials = new CredentialsPage(page);
  await credentials.goto();
  // The demo's Railway account token: pasted into .cursor/mcp.json and exported in scripts/custom-domains.sh.
  const token = credentials.rowFoundIn("scripts/custom-domains.sh");
  await expect(token).toHaveCount(1);
  const readers = credentials.readBy(token);
  await expect(readers).toHaveText(["Cursor (storefront)", "Claude Code (storefront)", "GitHub Actions: Deploy storefront"]);
  await expect(readers.first()).toHaveAttribute("title", "configured with it");
  await readers.nth(1).click();
  await expect(page).toHaveURL(/\/agents\/\d+$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("What can Claude Code (storefront) reach?");
});
