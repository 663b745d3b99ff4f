/**
 * Findings: open the finding about the demo agent's volume, accept it (reason + expiry), see it leave the
 * open list, reopen it, see it come back. The journey depends on the demo estate; the list test does not.
 */
import { expect, snap, test } from "./fixtures";
import { AgentPage } from "./pages/agent-page";
import { FindingPage, FindingsPage } from "./pages/findings-page";

test("the findings list keeps its filters in the URL", async ({ page }) => {
  const findings = new FindingsPage(page);
  await findings.goto();
  await expect(page.getByRole("heading", { level: 1, name: "Findings" })).toBeVisible();
  await findings.filter("Severity", "critical");
  await expect(page).toHaveURL(/severity=critical/);
  await expect(page).toHaveURL(/status=open/);
  await page.waitForLoadState("networkidle"); // snap() restyles inputs: never before hydration
  await snap(page, "findings-critical");
});

test("accepting a finding removes it from the open list; reopening brings it back", async ({ page }) => {
  await page.goto("/agents");
  const cursor = page.getByRole("table", { name: "Agents" }).getByRole("link", { name: /cursor/i }).first();
  await expect(cursor.first(), "the e2e server loads the demo estate, with an agent named like Cursor").toBeVisible();
  await cursor.click();
  await new AgentPage(page).findingsLink().click();
  await expect(page).toHaveURL(/\/findings\?agent=\d+/);

  const findings = new FindingsPage(page);
  // The finding that matches the volume deletion: its backups die with the volume.
  const link = findings.table().getByRole("link", { name: /volume/i }).first();
  await expect(link).toBeVisible();
  const href = (await link.getAttribute("href"))!;
  const id = href.split("/").pop()!;
  await link.click();

  const finding = new FindingPage(page);
  await expect(finding.status()).toHaveText("open");
  await expect(finding.evidencePaths().first()).toBeVisible();
  await expect(page.getByRole("heading", { name: "Remediation" })).toBeVisible();
  await page.waitForLoadState("networkidle"); // snap() restyles inputs: never before hydration
  await snap(page, "finding-open");

  const inThirtyDays = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
  await finding.accept("Token is rotated this sprint (e2e test)", inThirtyDays);
  await expect(finding.status()).toHaveText("accepted");
  await expect(page.getByRole("region", { name: "Status" }).getByText("Token is rotated this sprint (e2e test)").first()).toBeVisible();
  await page.waitForLoadState("networkidle"); // snap() restyles inputs: never before hydration
  await snap(page, "finding-accepted");

  await findings.goto({ status: "open" });
  await expect(findings.table()).toBeVisible();
  await expect(findings.linkTo(id)).toHaveCount(0);
  await findings.goto({ status: "accepted" });
  await expect(findings.linkTo(id)).toHaveCount(1);

  await page.goto(`/findings/${id}`);
  await finding.reopen("The sprint slipped (e2e test)");
  await expect(finding.status()).toHaveText("open");
  await findings.goto({ status: "open" });
  await expect(findings.linkTo(id)).toHaveCount(1);
  await page.waitForLoadState("networkidle"); // snap() restyles inputs: never before hydration
  await snap(page, "findings-after-reopen");
});
