/**
 * Hostile collected data, shown: a batch whose names, commands, arguments, paths and URLs hold markup,
 * `javascript:` URLs, bidi controls, terminal escapes, spreadsheet formulas and a megabyte-long name is
 * pushed, then every page of the access table (with real ids), the graph explorer's search and the node
 * panels of every node named with a payload, and every export are opened: no dialog opens, no payload
 * runs, no link has a `javascript:` href, no injected element exists, each panel shows its payload as
 * text, no page is wider than the window, and no export cell starts a formula.
 */
import type { Locator, Page } from "@playwright/test";
import { HOSTILE_STRINGS, XSS_GLOBAL, hostileBatch } from "../lib/graph/testing/hostile-batch";
import { appPageUrls } from "./app-pages";
import { expect, test } from "./fixtures";
import { AgentPage } from "./pages/agent-page";
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
  test.setTimeout(900_000);
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
    // An agent page's rows fetch their paths when opened: open them, and the paths are text too.
    if (/^\/agents\/\d+$/.test(url)) {
      const agent = new AgentPage(page);
      const opened = Math.min(await agent.rows().count(), 8);
      for (let i = 0; i < opened; i++) {
        await agent.expand(agent.rows().nth(i));
        await expect(agent.pathText(agent.rows().nth(i))).toBeVisible();
      }
      await page.waitForTimeout(300);
      await expectInert(page, `${url} with ${opened} rows open`);
    }
  }

  // The explorer: every hostile name is found by search, and the node panels of the nodes that carry it
  // (its agent, that agent's credential and volume, the identity) are opened through the page's own ?focus.
  const graph = new GraphPage(page);
  await graph.goto();
  let panels = 0;
  for (const [label, text] of Object.entries(HOSTILE_STRINGS)) {
    // A search box holds one line: the name up to its first line break.
    await graph.search(text.slice(0, 200).split(/[\r\n]/)[0]);
    await expect(graph.searchHits().first(), `search for ${label}`).toBeVisible();
    await expectInert(page, `/graph search for ${label}`);
    const agentId = await hostileAgentId(page, text);
    for (const node of await reachedNodes(page, agentId, text, panels === 0)) {
      const where = `/graph?focus=${node.id} (${node.kind} named with ${label})`;
      await graph.goto({ focus: String(node.id) });
      const panel = graph.details();
      await expect(panel.getByRole("heading", { name: "Properties" }), where).toBeVisible();
      if (node.kind === "resource") await expect(page.getByTestId("panel-destroyers"), where).toBeVisible();
      await expectPanelText(panel, node.kind === "identity" ? HOSTILE_STRINGS.imgOnerror : text, where);
      await expectInert(page, where);
      panels++;
    }
  }
  // Three panels per hostile name (agent, credential, volume) and the identity they share, all opened.
  expect(panels).toBe(Object.keys(HOSTILE_STRINGS).length * 3 + 1);

  for (const { path, format } of EXPORTS) {
    const response = await page.request.get(path);
    expect(response.status(), path).toBe(200);
    if (format !== "csv") continue;
    for (const cell of parseCsvCells(await response.text())) expect(cell, `formula in ${path}`).not.toMatch(/^[=+\-@\t\r]/);
  }
  expect(dialogs).toEqual([]);
  expect(HOSTILE_STRINGS.megabyte.length).toBeGreaterThan(999_999);
});

/** The id of the agent the hostile batch named `name` (search answers the exact name first). */
async function hostileAgentId(page: Page, name: string): Promise<number> {
  const response = await page.request.get(`/graph/data?${new URLSearchParams({ q: name.slice(0, 200) })}`);
  const { hits } = (await response.json()) as { hits: { id: number; kind: string; name: string }[] };
  const agent = hits.find((hit) => hit.kind === "agent" && name.startsWith(hit.name.slice(0, 200)));
  expect(agent, `an agent named ${JSON.stringify(name.slice(0, 40))}`).toBeDefined();
  return agent!.id;
}

/**
 * The nodes on the agent's path that carry its hostile name: the agent, its credential and its volume (the
 * shared identity reaches every volume, so the volume is the one named after the agent), and the identity once.
 */
async function reachedNodes(page: Page, agentId: number, name: string, withIdentity: boolean): Promise<{ id: number; kind: string }[]> {
  const response = await page.request.get(`/graph/data?agent=${agentId}`);
  const { graph } = (await response.json()) as { graph: { nodes: { nodeId?: number; kind: string; label: string }[] } };
  const named = (prefix: string) => (n: { label: string }) => n.label.startsWith(`${prefix}${name.slice(0, 40)}`);
  const wanted = [
    graph.nodes.find((n) => n.kind === "agent" && n.nodeId === agentId),
    graph.nodes.find((n) => n.kind === "credential" && named("railway token ")(n)),
    graph.nodes.find((n) => n.kind === "resource" && named("volume ")(n)),
    ...(withIdentity ? [graph.nodes.find((n) => n.kind === "identity")] : []),
  ];
  expect(wanted.every((n) => n?.nodeId !== undefined), `what agent ${agentId} reaches: ${JSON.stringify(graph.nodes.map((n) => [n.kind, n.label.slice(0, 50)]))}`).toBe(true);
  return wanted.map((n) => ({ id: n!.nodeId!, kind: n!.kind }));
}

/**
 * The panel shows the payload as text: its characters are in the panel's text (markup that had become
 * elements would not be), no element in it has an event handler or is a script, image or frame, and the
 * panel is no wider than its box.
 */
async function expectPanelText(panel: Locator, payload: string, where: string): Promise<void> {
  // HTML parsing turns CR LF into LF in server-rendered text: compare with line breaks as the browser keeps them.
  const lines = (text: string) => text.replace(/\r\n?/g, "\n");
  const found = await panel.evaluate((element, start) => ({
    shown: (element.textContent ?? "").replace(/\r\n?/g, "\n").includes(start),
    handlers: [...element.querySelectorAll("*")].filter((el) => [...el.attributes].some((a) => /^on/i.test(a.name))).length,
    active: element.querySelectorAll("script, img, iframe, object, embed, svg foreignObject").length,
    overflow: element.scrollWidth - element.clientWidth,
  }), lines(payload.slice(0, 60)));
  expect(found.shown, `${where}: the payload is not shown as text`).toBe(true);
  expect(found.handlers, `${where}: an element with an event handler`).toBe(0);
  expect(found.active, `${where}: a script, image or frame`).toBe(0);
  expect(found.overflow, `${where}: the panel is wider than its box`).toBeLessThanOrEqual(1);
}

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
