/**
 * The graph explorer: filtered by an agent it shows only that agent's reach; search finds a node and
 * shows its details. Needs at least one agent (the demo estate provides three).
 */
import { expect, snap, test } from "./fixtures";
import { AgentsPage } from "./pages/agents-page";
import { GraphPage } from "./pages/graph-page";

test("filtered by agent, the explorer shows only that agent's reach; search finds a node", async ({ page }) => {
  const agentsPage = new AgentsPage(page);
  await agentsPage.goto();
  const agents = await agentsPage.agents();
  expect(agents.length, "the e2e server loads the demo estate, so there are agents").toBeGreaterThan(0);
  const target = agents.find((a) => /cursor/i.test(a.name)) ?? agents[0];

  const graph = new GraphPage(page);
  await graph.goto({ agent: target.id });
  await expect(graph.canvas()).toBeVisible();
  await expect(graph.canvas().locator("canvas").first()).toBeVisible();
  const names = await graph.nodesInView().allTextContents();
  expect(names).toContain(target.name);
  // No other agent is drawn: everything in view hangs off this one.
  for (const other of agents.filter((a) => a.id !== target.id && a.name !== target.name)) expect(names).not.toContain(other.name);
  const elements = Number(await graph.canvas().getAttribute("data-elements"));
  expect(elements).toBeGreaterThan(1);
  expect(elements).toBeLessThanOrEqual(2000);
  await page.waitForLoadState("networkidle"); // snap() restyles inputs: never before hydration
  await snap(page, "graph-agent");

  // Search by name: a resource the agent can reach.
  const resource = names.find((n) => /volume/i.test(n)) ?? names.at(-1)!;
  await graph.search(resource.slice(0, 12));
  await expect(graph.searchHits().first()).toBeVisible();
  await graph.searchHits().first().click();
  await expect(graph.details()).toBeVisible();
  await expect(graph.details().getByRole("button", { name: /Expand neighbours|Show these/ })).toBeVisible();
  await page.waitForLoadState("networkidle"); // snap() restyles inputs: never before hydration
  await snap(page, "graph-search");
});

test("the explorer without an agent shows the overview or an empty state", async ({ page }) => {
  await new GraphPage(page).goto();
  await expect(page.getByRole("heading", { level: 1, name: "Graph" })).toBeVisible();
  await page.waitForLoadState("networkidle"); // snap() restyles inputs: never before hydration
  await snap(page, "graph-overview");
});
