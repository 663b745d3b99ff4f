/**
 * UI benchmark: how fast the pages a security team lives in become usable, in Debian's Chromium.
 *
 *   1. seed (optional): `npx tsx bench/ui.ts seed --edges 1000000` loads the synthetic estate
 *      (bench/estate.ts) into the configured database (BLASTMAP_DATA_DIR / DATABASE_URL) and analyses it;
 *   2. measure: `npx tsx bench/ui.ts measure --url http://localhost:3000 --password …` against a running
 *      `npm start` on that database: the agent page of the agent with the most reach (server response,
 *      then until its first path is drawn), the graph explorer for that agent, findings, credentials
 *      (first visit and repeat), the overview.
 * Writes bench/results/ui.json. Timing never goes in tests.
 */
import fs from "node:fs";
import path from "node:path";
import { chromium, type Page } from "@playwright/test";
import { buildEstate, shapeForEdges } from "@/bench/estate";
import { openReadyDatabase } from "@/lib/db/server-db";
import { findOrCreateSource } from "@/lib/db/queries/sources";
import { markSweepSucceeded, startSweep } from "@/lib/db/queries/sweeps";
import { analyzeGraph } from "@/lib/findings/run-analysis";
import { applyBatch } from "@/lib/db/store/store";

function argument(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 && process.argv[at + 1] ? process.argv[at + 1] : fallback;
}

async function seed(): Promise<void> {
  const edges = Number(argument("edges", "1000000"));
  const started = performance.now();
  const handle = await openReadyDatabase();
  try {
    const batch = buildEstate(shapeForEdges(edges));
    const source = await findOrCreateSource(handle.db, "bench-estate", batch.collector);
    const sweep = await startSweep(handle.db, source.id);
    const stats = await handle.db.transaction((tx) => applyBatch(tx, source.id, sweep.id, batch));
    await markSweepSucceeded(handle.db, sweep.id, stats, []);
    const analysis = await analyzeGraph(handle.db, { sweepId: sweep.id });
    console.log(`seeded ${batch.nodes.length} nodes, ${batch.edges.length} edges, ${analysis.findings} findings in ${Math.round(performance.now() - started)} ms`);
  } finally {
    await handle.close();
  }
}

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const value = await work();
  return [value, Math.round(performance.now() - started)];
}

async function measure(): Promise<void> {
  const url = argument("url", "http://localhost:3000");
  const password = argument("password", "");
  const browser = await chromium.launch({ executablePath: argument("chromium", "/usr/bin/chromium"), args: ["--no-sandbox", "--disable-gpu"] });
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 720 }, baseURL: url })).newPage();
  const results: Record<string, unknown> = { url, at: new Date().toISOString() };
  try {
    await page.goto("/login");
    await page.getByLabel("Username").fill("admin");
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL((u) => !u.pathname.startsWith("/login"), { timeout: 300_000 });

    const [, agentsMs] = await timed(() => loadPage(page, "/agents"));
    results.agentsListMs = agentsMs;
    const first = page.getByRole("table", { name: "Agents" }).locator('a[href^="/agents/"]').first();
    const href = (await first.getAttribute("href"))!;
    results.agent = { href, name: await first.textContent() };

    // Twice: the first visit may pay for building the in-memory reach index after a restart.
    for (const visit of ["cold", "warm"] as const) {
      const [, pageMs] = await timed(() => loadPage(page, href));
      const rows = await page.getByTestId("reach-row").count();
      const [, pathMs] = await timed(async () => {
        await page.getByTestId("reach-row").first().locator("summary").click();
        await page.getByTestId("reach-row").first().locator(".graph-canvas canvas").first().waitFor({ timeout: 300_000 });
      });
      results[`agentPage_${visit}`] = { rows, interactiveMs: pageMs, firstPathDrawnMs: pathMs };
    }
    const agentId = href.split("/").pop()!;
    const [, graphMs] = await timed(async () => {
      await loadPage(page, `/graph?agent=${agentId}`);
      await page.locator(".graph-canvas canvas").first().waitFor({ timeout: 300_000 });
    });
    results.graphExplorer = { ms: graphMs, elements: Number(await page.locator(".graph-canvas").getAttribute("data-elements")) };
    results.findingsMs = (await timed(() => loadPage(page, "/findings")))[1];
    // Twice: the first visit after an index build counts every credential's reach (then kept per index).
    results.credentials = {
      firstMs: (await timed(() => loadPage(page, "/credentials")))[1],
      repeatMs: (await timed(() => loadPage(page, "/credentials")))[1],
    };
    results.overviewMs = (await timed(() => loadPage(page, "/")))[1];
    await page.screenshot({ path: "bench/results/ui-overview.png" });
  } finally {
    await browser.close();
  }
  fs.mkdirSync("bench/results", { recursive: true });
  fs.writeFileSync(path.join("bench/results", "ui.json"), `${JSON.stringify(results, null, 2)}\n`);
  console.log(JSON.stringify(results, null, 2));
}

/** Navigates and waits until the page is usable (loaded, no pending loading state). */
async function loadPage(page: Page, target: string): Promise<void> {
  await page.goto(target, { waitUntil: "load", timeout: 300_000 });
  await page.getByRole("heading", { level: 1 }).first().waitFor({ timeout: 300_000 });
}

const command = process.argv[2];
(command === "seed" ? seed() : command === "measure" ? measure() : Promise.reject(new Error("usage: bench/ui.ts seed|measure [options]"))).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
