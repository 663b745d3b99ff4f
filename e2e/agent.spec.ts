/**
 * The heart of the product: from the overview, two clicks reach the demo agent's path to the volume
 * deletion. Depends on the demo estate (Cursor in project "storefront", a Railway token, a Postgres URL).
 */
import { expect, snap, test } from "./fixtures";
import { AgentPage } from "./pages/agent-page";
import { AgentsPage } from "./pages/agents-page";

test("the agents list ranks agents and links to each agent", async ({ page }) => {
  const agents = new AgentsPage(page);
  await agents.goto();
  await expect(page.getByRole("heading", { level: 1, name: "Agents" })).toBeVisible();
  await page.waitForLoadState("networkidle"); // snap() restyles inputs: never before hydration
  await snap(page, "agents");
  const list = await agents.agents();
  expect(list.length, "the e2e server loads the demo estate, so there are agents").toBeGreaterThan(0);
  await agents.agentLink(list[0].name).click();
  await expect(new AgentPage(page).heading()).toBeVisible();
});

test("a newcomer reaches the demo agent's path to the volume deletion in two clicks", async ({ page }) => {
  await page.goto("/");
  const cursor = page.getByRole("link", { name: /cursor/i }).first();
  expect(await cursor.count(), "the e2e server loads the demo estate, with an agent named like Cursor").toBeGreaterThan(0);
  await cursor.click(); // click 1: the agent, from "Agents by what they can destroy"
  const agent = new AgentPage(page);
  await expect(agent.heading()).toContainText(/cursor/i);
  const row = agent.row(/volumeDelete\s*on\s*.*volume/i);
  await expect(row).toBeVisible();
  await expect(row).toContainText(/volume/i);
  await expect(row).toContainText("assumed from the token's kind");
  await agent.expand(row); // click 2: its path
  const path = agent.pathText(row, /volumeDelete/);
  await expect(path).toBeVisible();
  await expect(path).toContainText(/agent/i);
  await expect(path).toContainText(/credential/i);
  await expect(path).toContainText(/identity/i);
  await expect(agent.drawing(row)).toBeVisible();
  await expect(agent.drawing(row).locator("canvas").first()).toBeVisible();
  await page.waitForLoadState("networkidle"); // snap() restyles inputs: never before hydration
  await snap(page, "agent-volume-path");

  // The Postgres URL in .env reaches DROP too.
  await expect(agent.row(/DROP/)).toBeVisible();
});
