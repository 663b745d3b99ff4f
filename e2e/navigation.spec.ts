import { PAGE_ACCESS } from "../lib/auth/access-table";
import { expect, snap, test } from "./fixtures";
import { AppShell } from "./pages/app-shell";
import { GraphPage } from "./pages/graph-page";

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

test("every overview card opens what it counts", async ({ page }) => {
  const cards = page.getByRole("region", { name: "Counts" });
  const open = async (label: string) => {
    await page.goto("/");
    const card = cards.getByRole("link", { name: new RegExp(`^\\d+ ${label} `) });
    const count = Number(await card.locator(".value").textContent());
    expect(count, `the demo estate has ${label.toLowerCase()}`).toBeGreaterThan(0);
    await card.click();
    return count;
  };

  const agents = await open("Agents");
  await expect(page).toHaveURL(/\/agents$/);
  await expect(page.getByRole("table", { name: "Agents" }).locator("tbody tr")).toHaveCount(agents);

  const credentials = await open("Credentials");
  await expect(page).toHaveURL(/\/credentials$/);
  await expect(page.getByRole("table", { name: "Credentials" }).locator("tbody tr")).toHaveCount(credentials);

  // No list of their own: the explorer, drawing only that kind and what it acts on or holds.
  const graph = new GraphPage(page);
  // Each legend entry reads "Identity: Identity" (the chip's kind for screen readers, then its name).
  const kindsDrawn = async () => (await graph.legend().getByRole("list", { name: "Node kinds" }).locator("li").allTextContents()).map((t) => t.split(": ").at(-1)!.trim());
  for (const [label, own, allowed] of [
    ["Identities", "Identity", ["Identity", "Resource"]],
    ["Resources", "Resource", ["Resource", "Recovery copy"]],
  ] as const) {
    await open(label);
    await expect(page).toHaveURL(/\/graph\?hide=/);
    await expect(page.getByRole("heading", { level: 1, name: "Graph" })).toBeVisible();
    await expect.poll(kindsDrawn).toContain(own);
    for (const kind of await kindsDrawn()) expect(allowed, `${label}: only ${allowed.join(" and ")} drawn`).toContain(kind);
    await expect(graph.nodesInView().first()).toBeVisible();
    await page.waitForLoadState("networkidle"); // snap() restyles inputs: never before hydration
    await snap(page, `overview-card-${label.toLowerCase()}`);
  }
});

/** Ids no page can mean: not a number (nor a finding's hash), and one past the integer id columns (2^31 - 1). */
const MALFORMED = ["not-an-id", "2147483648"];
/** Ids of the right shape that name nothing (the e2e estate is small). */
const WELL_FORMED: Record<string, string> = { "/findings/[id]": "0".repeat(24) };
const UNKNOWN = "999999";

/**
 * Every dynamic page of the access table (pages added later included), with each of its ids replaced in
 * turn by a malformed one and by an unknown one, the others real: a 404 status, not a 200 that streams a
 * loading state before the page can say "not found", and the app's own not-found page.
 */
test("unknown and malformed ids answer 404 with the app's not-found page", async ({ page, guard }) => {
  await page.goto("/sources");
  const sourceHref = await page.locator('table a[href^="/sources/"]').first().getAttribute("href");
  await page.goto(sourceHref!);
  const sweepHref = await page.locator('a[href*="/sweeps/"]').first().getAttribute("href");
  const [, sourceId, sweepId] = sweepHref!.match(/^\/sources\/(\d+)\/sweeps\/(\d+)$/)!;
  const real: Record<string, string> = { id: sourceId, sweepId };

  const urls = ["/open?kind=agent&key=nobody"];
  for (const route of Object.keys(PAGE_ACCESS).filter((r) => r.includes("["))) {
    const params = [...route.matchAll(/\[(\w+)\]/g)].map((m) => m[1]);
    for (let i = 0; i < params.length; i++) {
      // The parameter under test is bad, the others real: a sweep asked for under another source is not found either.
      for (const value of [...MALFORMED, WELL_FORMED[route] ?? UNKNOWN]) {
        urls.push(params.reduce((url, p, j) => url.replace(`[${p}]`, j === i ? value : real[p]), route));
      }
    }
  }
  expect(urls, "agents, credentials, findings, resources, sources and sweeps are all checked").toEqual(
    expect.arrayContaining(["/agents/not-an-id", "/credentials/999999", "/findings/" + "0".repeat(24), "/resources/2147483648", "/sources/999999", `/sources/${sourceId}/sweeps/999999`, `/sources/999999/sweeps/${sweepId}`]),
  );
  for (const url of urls) {
    guard.allowFailure(url.split("?")[0]);
    const response = await page.goto(url);
    expect.soft(response?.status(), url).toBe(404);
    await expect.soft(page.getByRole("heading", { level: 1, name: "Nothing here" }), url).toBeVisible();
    await expect.soft(page.getByRole("navigation", { name: "Main" }), url).toBeVisible();
  }
  await snap(page, "not-found");
});
