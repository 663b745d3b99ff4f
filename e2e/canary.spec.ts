/**
 * Canary, shown: a workspace source over configs with a unique secret in every secret position is swept by
 * the server, and no page of the access table (every agent's among them), no API answer and no export holds
 * any canary in plain text.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { plantCanaryEstate } from "../lib/collectors/workspace/testing/canary-estate";
import { canaryNeedles, findCanaries } from "../lib/credentials/testing/canary-needles";
import { appPageUrls } from "./app-pages";
import { expect, test } from "./fixtures";
import { AgentsPage } from "./pages/agents-page";
import { SourcesPage } from "./pages/sources-page";

const work = fs.mkdtempSync(path.join(os.tmpdir(), "blastmap-canary-e2e-"));
const estate = plantCanaryEstate(work);
test.afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

const needles = canaryNeedles(estate.canaries);
const leaks = (text: string) => findCanaries(text, needles);

test("canary secrets in every secret position never reach a page", async ({ page }) => {
  test.setTimeout(420_000);
  const sources = new SourcesPage(page);
  await sources.goto();
  const name = `e2e-canary-${Date.now()}`;
  await sources.createSource({ name, collector: "workspace", config: { roots: [estate.root], home: estate.home, machine: `canary-${Date.now()}` } });
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  await sources.runNow();
  await expect(sources.sweepStatus()).toHaveText("succeeded", { timeout: 120_000 });
  const seen: string[] = [await page.content()];
  const sweepId = page.url().split("/").pop();
  seen.push(await (await page.request.get(`/api/v1/sweeps/${sweepId}`)).text());

  const sourceId = new URL(page.url()).pathname.split("/")[2];
  const agents = new AgentsPage(page);
  await agents.goto();
  const listed = await agents.agents();
  expect(listed.length).toBeGreaterThan(5);
  // Every page of the access table, with every agent's id (pages added later are visited too).
  const known = { "/agents/[id]": listed.map((agent) => [String(agent.id)]), "/sources/[id]": [[sourceId]], "/sources/[id]/sweeps/[sweepId]": [[sourceId, String(sweepId)]] };
  for (const url of await appPageUrls(page, known, 100)) {
    await page.goto(url);
    await page.waitForLoadState("networkidle");
    seen.push(await page.content());
  }
  for (const api of ["/api/v1/sources", `/api/v1/sources/${sourceId}`, `/api/v1/sources/${sourceId}/sweeps`, "/graph/data", "/audit/export"]) {
    seen.push(await (await page.request.get(api)).text());
  }
  expect(leaks(seen.join("\n"))).toEqual([]);
});
