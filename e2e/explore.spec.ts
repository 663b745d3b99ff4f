/**
 * Explore and triage (issue 14), on the demo estate: from a database to the agents that can destroy it
 * and back; graph filters that apply without reloading the page; findings accepted in bulk, their
 * history, reopened; CSV and SARIF downloads, the SARIF checked against its JSON Schema.
 */
import fs from "node:fs";
import Ajv from "ajv-draft-04";
import Papa from "papaparse";
import { expect, snap, test } from "./fixtures";
import { AgentPage } from "./pages/agent-page";
import { FindingPage, FindingsPage } from "./pages/findings-page";
import { GraphPage } from "./pages/graph-page";
import { ResourcePage } from "./pages/resource-page";

const schema = JSON.parse(fs.readFileSync("lib/findings/export/sarif-2.1.0-rtm.5.schema.json", "utf8"));

test("from a database to the agents that can destroy it, and back", async ({ page }) => {
  // The demo's Postgres database, found as a finding's subject: "storefront on db.storefront.internal:5432".
  const findings = new FindingsPage(page);
  await findings.goto({ status: "all" });
  await findings.search("storefront on db");
  const finding = findings.table().getByRole("link", { name: /storefront on db/ }).first();
  await finding.click();
  const detail = new FindingPage(page);
  await expect(detail.subjectLink()).toHaveText(/storefront on db/);
  await detail.subjectLink().click();

  const resource = new ResourcePage(page);
  await expect(page).toHaveURL(/\/resources\/\d+$/);
  await expect(resource.heading()).toHaveText(/storefront on db/);
  const resourceUrl = page.url();
  await expect(resource.counts()).toContainText(/\d+ agents?/);
  const agents = resource.agentLinks();
  await expect(agents.first(), "the demo's .env gives agents the database URL").toBeVisible();
  const agentName = (await agents.first().textContent())!;
  await page.waitForLoadState("networkidle");
  await snap(page, "resource-destroyers");

  await agents.first().click();
  const agent = new AgentPage(page);
  await expect(agent.heading()).toContainText(agentName);
  // Back: the reach row for the database links its chip to the resource page.
  const row = agent.row(/storefront on db/);
  await agent.expand(row);
  await agent.pathText(row).getByRole("link", { name: /storefront on db/ }).last().click();
  await expect(page).toHaveURL(resourceUrl);
});

test("graph filters apply without reloading the page, and the URL follows them", async ({ page }) => {
  const graph = new GraphPage(page);
  await graph.goto();
  await expect(graph.canvas()).toBeVisible();
  await expect(graph.legend()).toContainText("D1");
  await page.evaluate(() => ((window as unknown as { noReload: boolean }).noReload = true));

  const agentName = await graph.agentSelect().locator("option").nth(1).textContent();
  await graph.pickAgent(agentName!);
  await expect(page).toHaveURL(/\/graph\?agent=\d+/);
  await expect(graph.details()).toContainText(agentName!);
  await expect.poll(async () => (await graph.nodesInView().allTextContents()).includes(agentName!)).toBe(true);

  const before = await graph.nodesInView().count();
  await graph.hideKind("files");
  await expect(page).toHaveURL(/hide=file/);
  await expect.poll(() => graph.nodesInView().count()).toBeLessThan(before);
  expect((await graph.nodesInView().allTextContents()).some((n) => n.startsWith("~/"))).toBe(false);
  expect(await page.evaluate(() => (window as unknown as { noReload?: boolean }).noReload), "the page was not reloaded").toBe(true);
  await page.waitForLoadState("networkidle");
  await snap(page, "graph-filtered");
});

test("findings accepted in bulk keep their history, and reopen with a reason", async ({ page }) => {
  const findings = new FindingsPage(page);
  await findings.goto({ severity: "high" });
  const ids = (await findings.ids()).slice(0, 2);
  expect(ids.length, "the demo estate has at least two open high findings").toBe(2);

  // No reason: refused beside the field, nothing changes.
  await findings.select(ids);
  await findings.bulkForm().getByRole("button", { name: "Accept selected" }).click();
  await expect(findings.bulkForm().getByRole("alert")).toContainText("Say why");

  await findings.select(ids);
  await findings.bulk("Accept selected", "Sandboxed until the rotation (e2e bulk)");
  await expect(findings.bulkForm().getByRole("status")).toHaveText(/Accepted 2 findings/);
  await expect(findings.linkTo(ids[0])).toHaveCount(0);

  await page.goto(`/findings/${ids[0]}`);
  const finding = new FindingPage(page);
  await expect(finding.status()).toHaveText("accepted");
  await expect(finding.history()).toContainText("admin accepted it");
  await expect(finding.history()).toContainText("Sandboxed until the rotation (e2e bulk)");

  await finding.reopen("Rotation slipped (e2e)");
  await expect(finding.status()).toHaveText("open");
  await expect(finding.history().locator("li").first()).toContainText("admin reopened it");
  await expect(finding.history()).toContainText("Rotation slipped (e2e)");
  await page.waitForLoadState("networkidle");
  await snap(page, "finding-history");
});

test("the current filter downloads as CSV and as SARIF 2.1.0 that its schema accepts", async ({ page }) => {
  const findings = new FindingsPage(page);
  await findings.goto({ status: "all" });
  const total = Number((await findings.count().textContent())!.match(/of (\d+)/)![1]);

  const [csv] = await Promise.all([page.waitForEvent("download"), findings.exportLink("CSV").click()]);
  expect(csv.suggestedFilename()).toMatch(/^blastmap-findings-.*\.csv$/);
  const parsed = Papa.parse<Record<string, string>>(fs.readFileSync((await csv.path())!, "utf8"), { header: true, skipEmptyLines: true });
  expect(parsed.errors).toEqual([]);
  expect(parsed.data).toHaveLength(total);
  expect(parsed.meta.fields).toEqual(expect.arrayContaining(["id", "severity", "status", "title", "subject_name"]));

  await findings.filter("Severity", "critical");
  const critical = Number((await findings.count().textContent())!.match(/of (\d+)/)![1]);
  const [sarif] = await Promise.all([page.waitForEvent("download"), findings.exportLink("SARIF 2.1.0").click()]);
  expect(sarif.suggestedFilename()).toMatch(/\.sarif$/);
  const log = JSON.parse(fs.readFileSync((await sarif.path())!, "utf8"));
  const validate = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false }).compile(schema);
  expect(validate(log) ? [] : validate.errors).toEqual([]);
  expect(log.runs[0].results).toHaveLength(critical);
  expect(log.runs[0].results.every((r: { properties: { severity: string } }) => r.properties.severity === "critical")).toBe(true);
});

test("a refused source form keeps every field, shows the error beside it, and the template follows the collector", async ({ page }) => {
  await page.goto("/sources");
  const form = page.getByRole("form", { name: "New source" });
  await form.getByLabel("Name").fill(`e2e-refused-${Date.now()}`);
  await form.getByLabel("Collector").selectOption("postgres");
  await expect(form.getByLabel(/^Config/)).toHaveValue(/"url": "postgres:\/\//);
  await form.getByLabel("Collector").selectOption("workspace");
  await expect(form.getByLabel(/^Config/)).toHaveValue(/"roots"/);
  await form.getByLabel("Collector").selectOption("postgres");
  await form.getByLabel(/^Schedule/).fill("61 * * * *");
  await form.getByRole("button", { name: "Create source" }).click();
  await expect(form.locator(".field-error")).toContainText("Invalid value for minute: 61");
  await expect(form.getByLabel(/^Schedule/)).toHaveAttribute("aria-invalid", "true");
  await expect(form.getByLabel("Collector")).toHaveValue("postgres");
  await expect(form.getByLabel(/^Schedule/)).toHaveValue("61 * * * *");
  await expect(form.getByLabel(/^Config/)).toHaveValue(/"url": "postgres:\/\//);
});
