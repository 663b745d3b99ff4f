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
  await expect(cursor.first(), "the e2e server loads the demo estate, with an agent named like Cursor").toBeVisible();
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

test("the agent page says, per destructive class, where enforcement lives", async ({ page }) => {
  // The demo's Claude Code runs in bypass mode with a deny rule its shell walks around: nothing but its prompt.
  await page.goto("/agents");
  await page.getByRole("link", { name: /claude code/i }).first().click();
  const claude = new AgentPage(page);
  await expect(claude.heading()).toBeVisible();
  await expect(claude.enforcementTable().getByTestId("enforcement-row")).toHaveCount(5);
  await expect(claude.enforcementRow("D1")).toContainText("Prompt only");
  await expect(claude.enforcementRow("D1")).toContainText("Nothing stops the call");

  // An agent whose shell and MCP calls go through the Blastmap guard, pushed as a sweep of its own.
  const name = `e2e-guarded-${Date.now()}`;
  const source = await page.request.post("/api/v1/sources", { data: { name, collector: "inventory", config: { file: "unused.json" } } });
  expect(source.status()).toBe(201);
  const agent = { kind: "agent", key: `agent:e2e:claude-code:/${name}`, name: `Guarded Claude ${name}` } as const;
  const credential = { kind: "credential", key: `cred:e2e:${name}` } as const;
  const identity = { kind: "identity", key: `railway:e2e:${name}` } as const;
  const volume = { kind: "resource", key: `railway:volume:e2e:${name}` } as const;
  const push = await page.request.post(`/api/v1/sources/${encodeURIComponent(name)}/sweeps`, {
    data: {
      // A source takes batches of its own collector only.
      collector: "inventory",
      nodes: [
        {
          ...agent,
          props: {
            agentKind: "claude-code",
            approvalMode: "bypass",
            preCallHooks: [
              {
                event: "PreToolUse",
                matcher: "Bash|mcp__.*",
                enforcer: "blastmap-guard",
                commandPreview: "/usr/bin/node /opt/blastmap/bin/blastmap.mjs guard hook --agent claude-code",
                file: `/home/e2e/${name}/.claude/settings.json`,
              },
            ],
          },
        },
        { ...credential, name: "railway account-token e2e…" },
        { ...identity, name: "e2e Railway account" },
        { ...volume, name: "e2e-volume" },
      ],
      edges: [
        { kind: "configured_with", src: agent, dst: credential },
        { kind: "authenticates_as", src: credential, dst: identity },
        { kind: "can", src: identity, dst: volume, props: { action: "volumeDelete", class: "D1" } },
      ],
    },
  });
  expect(push.status(), await push.text()).toBe(201);
  await page.goto("/agents");
  await page.getByRole("link", { name: agent.name }).click();
  const guarded = new AgentPage(page);
  await expect(guarded.heading()).toContainText(agent.name);
  await expect(guarded.enforcementRow("D1")).toContainText("Blastmap guard");
  await expect(guarded.enforcementRow("D1")).toContainText("1 resource");
  await expect(guarded.enforcementRow("D1")).toContainText("until a person approves it");
  await expect(guarded.enforcementRow("D3")).toContainText("asks a person");
  await page.waitForLoadState("networkidle"); // snap() restyles inputs: never before hydration
  await snap(page, "agent-enforcement");
  // Its D1 reach is gated by the guard: no ungated-destructive-agent finding for it.
  await guarded.findingsLink().click();
  await expect(page.getByRole("heading", { level: 1, name: "Findings" })).toBeVisible();
  await expect(page.getByRole("table", { name: "Findings" })).toContainText(agent.name); // its other findings are listed
  await expect(page.getByText(/runs with approval "bypass"/)).toHaveCount(0);
});
