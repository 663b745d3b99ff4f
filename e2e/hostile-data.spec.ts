/**
 * Hostile collected data, shown: a batch whose names, commands, arguments, paths and URLs hold markup,
 * `javascript:` URLs, bidi controls, terminal escapes, spreadsheet formulas and a megabyte-long name is
 * pushed, then every page of the access table (with real ids), the graph explorer's node panel and every
 * export are opened: no dialog opens, no payload runs, no link has a `javascript:` href, no injected
 * element exists, no page is wider than the window, and no export cell starts a formula.
 */
import type { Page } from "@playwright/test";
import { HOSTILE_STRINGS, XSS_GLOBAL, hostileBatch } from "../lib/graph/testing/hostile-batch";
import { appPageUrls } from "./app-pages";
import { expect, test } from "./fixtures";
import { GraphPage } from "./pages/graph-page";

/** Every export a user can download; add new ones here. */
const EXPORTS: { path: string; format: "csv" | "json" }[] = [
  { path: "/audit/export", format: "csv" },
  { path: "/api/v1/findings/export?format=csv", format: "csv" },
  { path: "/api/v1/findings/export?format=sarif", format: "json" },
];

const WIDTH = 1280;

async function expectInert(page: Page, url: string): Promise<void> {
  const found = await page.evaluate((flag) => {
    const w = window as unknown as Record<string, unknown>;
    return {
      ran: w[flag] ?? null,
      injected: document.querySelectorAll("img[onerror], svg[onload], [onerror], [onload], iframe[src^='javascript:']").length,
      jsLinks: [...document.querySelectorAll("a[href], area[href], form[action]")].filter((el) => /^\s*javascript:/i.test(el.getAttribute("href") ?? el.getAttribute("action") ?? "")).length,
      scrollWidth: document.documentElement.scrollWidth,
    };
  }, XSS_GLOBAL);
  expect(found.ran, `a payload ran on ${url}`).toBeNull();
  expect(found.injected, `injected element on ${url}`).toBe(0);
  expect(found.jsLinks, `javascript: link on ${url}`).toBe(0);
  expect(found.scrollWidth, `${url} is wider than the window`).toBeLessThanOrEqual(WIDTH);
}

test("hostile names are text on every page, in the explorer and in exports", async ({ page }) => {
  test.setTimeout(600_000);
  await page.setViewportSize({ width: WIDTH, height: 900 });
  const dialogs: string[] = [];
  page.on("dialog", (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });

  const name = `e2e-hostile-${Date.now()}`;
  const source = await page.request.post("/api/v1/sources", { data: { name, collector: "inventory", config: { file: "unused.json" } } });
  expect(source.status()).toBe(201);
  const sourceId = (await source.json()).source.id as number;
  const push = await page.request.post(`/api/v1/sources/${sourceId}/sweeps`, { data: hostileBatch(name, "inventory"), timeout: 120_000 });
  expect(push.status(), await push.text()).toBe(201);
  const sweepId = (await push.json()).sweep.id as number;

  const known = { "/sources/[id]": [[String(sourceId)]], "/sources/[id]/sweeps/[sweepId]": [[String(sourceId), String(sweepId)]] };
  for (const url of await appPageUrls(page, known)) {
    const response = await page.goto(url);
    expect(response?.status(), url).toBeLessThan(400);
    await page.waitForLoadState("networkidle");
    await expectInert(page, url);
  }

  // The explorer: search each hostile label, open its node panel.
  const graph = new GraphPage(page);
  await graph.goto();
  for (const label of ["img", "script", "svg", "invoice", "HYPERLINK", "first line"]) {
    await graph.search(label);
    const hits = graph.searchHits();
    if ((await hits.count()) === 0) continue;
    await hits.first().click();
    await expect(graph.details()).toBeVisible();
    await page.waitForTimeout(300);
    await expectInert(page, `/graph node ${label}`);
  }

  for (const { path, format } of EXPORTS) {
    const response = await page.request.get(path);
    expect(response.status(), path).toBe(200);
    if (format !== "csv") continue;
    for (const cell of parseCsvCells(await response.text())) expect(cell, `formula in ${path}`).not.toMatch(/^[=+\-@\t\r]/);
  }
  expect(dialogs).toEqual([]);
  expect(HOSTILE_STRINGS.megabyte.length).toBeGreaterThan(999_999);
});

/** The cells of a CSV text (RFC 4180 quoting), enough to check what each cell starts with. */
function parseCsvCells(text: string): string[] {
  const cells: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"' && cell === "") quoted = true;
    else if (c === "," || c === "\n") {
      cells.push(cell);
      cell = "";
    }
    else if (c !== "\r") cell += c;
  }
  if (cell) cells.push(cell);
  return cells;
}
