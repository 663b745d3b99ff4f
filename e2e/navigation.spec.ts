import { expect, snap, test } from "./fixtures";
import { AppShell } from "./pages/app-shell";

const SECTIONS = ["Agents", "Graph", "Findings", "Credentials", "Sources", "Overview"] as const;

test("every section of the signed-in shell opens", async ({ page }) => {
  await page.goto("/");
  const shell = new AppShell(page);
  for (const section of SECTIONS) {
    await shell.open(section);
    await expect(page.getByRole("heading", { level: 1, name: section })).toBeVisible();
    await snap(page, `section-${section.toLowerCase()}`);
  }
});
