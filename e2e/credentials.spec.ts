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
  const provider = (await credentials.rows().first().locator("td").nth(1).textContent())!.trim();
  await credentials.filterProvider(provider);
  await expect(page).toHaveURL(new RegExp(`provider=${provider}`));
  await expect(page).toHaveURL(/sort=provider/);
  for (const cell of await credentials.rows().locator("td:nth-child(2)").allTextContents()) expect(cell.trim()).toBe(provider);
  await page.waitForLoadState("networkidle"); // snap() restyles inputs: never before hydration
  await snap(page, "credentials-filtered");
});
