import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { silentContext, type CollectProgress } from "@/lib/collectors/types";
import type { GraphBatch, GraphEdge, GraphNode } from "@/lib/graph/types";
import { validateBatch } from "@/lib/graph/validate-batch";
import { copyFixtureEstate, FIXTURES_DIR } from "./copy-fixture-estate";
import { workspaceCollector } from "./index";

const KEY = Buffer.from("workspace-collector-test-key-0123456789");
const estate = copyFixtureEstate();
afterAll(() => estate.cleanup());

/** Every fake secret written in the fixture estate: none may appear in a batch. */
const FIXTURE_SECRETS = [
  "00000000-0000-4000-8000-0000000fa4e1",
  "FAKE-pg-pass-1234",
  "FAKE-sentry-token-0000",
  "lin_api_FAKEFAKEFAKEFAKEFAKE0000",
  "FAKE-docs-token-abcdef123456",
  "ghp_FAKEFAKEFAKEFAKEFAKEFAKEFAKEFAKE0000",
  "ghp_FAKEOTHERPROJECTFAKEFAKEFAKEFAKE0000",
];

const nodesOf = (batch: GraphBatch, kind: GraphNode["kind"]) => batch.nodes.filter((node) => node.kind === kind);
const agentNode = (batch: GraphBatch, agentKind: string) => {
  const agent = nodesOf(batch, "agent").find((node) => node.props?.agentKind === agentKind);
  if (!agent) throw new Error(`no ${agentKind} agent`);
  return agent;
};
const edgesFrom = (batch: GraphBatch, node: GraphNode, kind: GraphEdge["kind"]) =>
  batch.edges.filter((edge) => edge.kind === kind && edge.src.kind === node.kind && edge.src.key === node.key);
const nodeAt = (batch: GraphBatch, ref: { kind: string; key: string }) =>
  batch.nodes.find((node) => node.kind === ref.kind && node.key === ref.key)!;
const readDirs = (batch: GraphBatch, agent: GraphNode) =>
  edgesFrom(batch, agent, "can_read").map((edge) => nodeAt(batch, edge.dst).props?.path as string).sort();
const serverOf = (batch: GraphBatch, agent: GraphNode, name: string) =>
  edgesFrom(batch, agent, "configured_with").map((edge) => nodeAt(batch, edge.dst)).find((node) => node.kind === "mcp_server" && node.name === name)!;
const credentialsOf = (batch: GraphBatch, node: GraphNode) =>
  edgesFrom(batch, node, "configured_with").filter((edge) => edge.dst.kind === "credential").map((edge) => ({ edge, credential: nodeAt(batch, edge.dst) }));

describe("workspaceCollector on the fixture estate", async () => {
  const progress: CollectProgress[] = [];
  const batch = await workspaceCollector.collect(
    { roots: [estate.project], home: estate.home, machine: "alex-laptop" },
    { ...silentContext(KEY), progress: (update) => progress.push(update) },
  );

  it("returns a valid batch without warnings, and reports progress", () => {
    expect(() => validateBatch(batch)).not.toThrow();
    expect(batch.collector).toBe("workspace");
    expect(batch.warnings).toEqual([]);
    expect(progress.map((update) => update.phase)).toContain("discovering agents");
  });

  it("never puts a fixture secret in the batch", () => {
    const text = JSON.stringify(batch);
    for (const secret of FIXTURE_SECRETS) expect(text).not.toContain(secret);
  });

  it("Cursor: .cursorignore patterns protect nothing from its terminal", () => {
    expect(agentNode(batch, "cursor").props?.ineffectiveDenies).toEqual(["Read(.env*)", "Read(.env)", "Read(secrets/)"]);
  });

  it("Claude Code: bypass mode, an unrestricted shell, the home folder and extra folders readable, .env denies ineffective", () => {
    const claude = agentNode(batch, "claude-code");
    expect(claude.props).toMatchObject({ approvalMode: "bypass", unrestrictedShell: true, sandbox: false, workspaceRoot: estate.project });
    expect(claude.props?.ineffectiveDenies).toEqual(expect.arrayContaining(["Read(./.env)", "Read(./secrets/**)", "Read(~/.ssh/**)"]));
    expect(readDirs(batch, claude)).toEqual(
      [estate.home, path.join(estate.home, "notes"), estate.project, path.join(estate.home, "projects", "shared-lib")].sort(),
    );
    expect(edgesFrom(batch, claude, "gated_by")).toEqual([]);
  });

  it("nests the project workspace in the home workspace, and the .env file in the project", () => {
    // home → ~/projects (Claude Desktop's filesystem server exposes it) → the project
    const parentOf = (dir: string) =>
      batch.edges.filter((edge) => edge.kind === "contains" && edge.dst.kind === "workspace" && nodeAt(batch, edge.dst).props?.path === dir).map((edge) => nodeAt(batch, edge.src).props?.path);
    expect(parentOf(estate.project)).toEqual([path.join(estate.home, "projects")]);
    expect(parentOf(path.join(estate.home, "projects"))).toEqual([estate.home]);
    const project = nodesOf(batch, "workspace").find((node) => node.props?.path === estate.project)!;
    expect(edgesFrom(batch, project, "contains").map((edge) => nodeAt(batch, edge.dst).props?.path)).toContain(path.join(estate.project, ".env"));
  });

  it("resolves `${RAILWAY_API_TOKEN}` in .mcp.json against the project's .env: one credential, found twice", () => {
    const server = serverOf(batch, agentNode(batch, "claude-code"), "railway");
    const [link] = credentialsOf(batch, server);
    expect(link.credential.props).toMatchObject({ provider: "railway", kind: "account-token" });
    expect(link.edge.props).toMatchObject({ resolvedFrom: path.join(estate.project, ".env"), inferred: true });
    const envFile = nodesOf(batch, "file").find((node) => node.props?.path === path.join(estate.project, ".env"))!;
    expect(edgesFrom(batch, envFile, "contains").map((edge) => edge.dst.key)).toContain(link.credential.key);
    // VS Code's envFile loads the same .env into its `local` server: the same credential node.
    const local = serverOf(batch, agentNode(batch, "vscode-copilot"), "local");
    expect(credentialsOf(batch, local).map((item) => item.credential.key)).toEqual([link.credential.key]);
  });

  it("finds a connection string passed as an argument, masks it on the server node, and names the database", () => {
    const server = serverOf(batch, agentNode(batch, "claude-code"), "db");
    expect(server.props?.args).toEqual(["-y", "@modelcontextprotocol/server-postgres", "<redacted>"]);
    const [link] = credentialsOf(batch, server);
    expect(link.credential.props).toMatchObject({ provider: "postgres" });
    expect(link.edge.props).toMatchObject({ via: "args[2]" });
  });

  it("makes a connection URL's password one credential (the connection string), not a second unknown one", () => {
    const server = serverOf(batch, agentNode(batch, "claude-code"), "db");
    expect(credentialsOf(batch, server).map((item) => item.credential.props?.provider)).toEqual(["postgres"]);
  });

  it("records secrets supplied at run time on the server, never as credential nodes", () => {
    const github = serverOf(batch, agentNode(batch, "claude-code"), "github");
    expect(github.props?.runtimeSecrets).toEqual([{ name: "GITHUB_TOKEN", via: "env", path: "env.GITHUB_PERSONAL_ACCESS_TOKEN" }]);
    expect(credentialsOf(batch, github)).toEqual([]);
    const remote = serverOf(batch, agentNode(batch, "codex"), "remote");
    expect(remote.props?.runtimeSecrets).toEqual([{ name: "REMOTE_MCP_TOKEN", via: "env", path: "bearer_token_env_var" }]);
    const vscodeGithub = serverOf(batch, agentNode(batch, "vscode-copilot"), "github");
    expect(vscodeGithub.props?.runtimeSecrets).toEqual([{ name: "gh-token", via: "input", path: "headers.Authorization" }]);
  });

  it("makes a value in a secret position a credential even when no detector knows its shape", () => {
    const sentry = serverOf(batch, agentNode(batch, "claude-code"), "sentry");
    const links = credentialsOf(batch, sentry);
    expect(links.map((item) => [item.credential.props?.provider, item.edge.props?.via])).toEqual([["unknown", "url?token"]]);
    expect(sentry.props?.url).toMatch(/\?token=<redacted>$/);
  });

  it("does not give Claude Code the credentials of another project's servers in ~/.claude.json", () => {
    expect(credentialsOf(batch, agentNode(batch, "claude-code"))).toEqual([]);
  });

  it("links a credential in an agent's own config (Continue's model API key) to the agent", () => {
    const cont = agentNode(batch, "continue");
    const direct = credentialsOf(batch, cont).map((item) => item.credential.props);
    expect(direct).toEqual([expect.objectContaining({ provider: "github", kind: "classic-token" })]);
  });

  it("sandboxes and filesystem servers bound what an agent reads", () => {
    const gemini = agentNode(batch, "gemini-cli");
    expect(readDirs(batch, gemini)).toEqual([path.join(estate.home, "notes"), estate.project].sort());
    const desktop = agentNode(batch, "claude-desktop");
    expect(readDirs(batch, desktop)).toEqual([path.join(estate.home, "Documents"), path.join(estate.home, "projects")]);
  });

  it("gives an approval gate to agents that ask, and none to those that never do", () => {
    expect(edgesFrom(batch, agentNode(batch, "cursor"), "gated_by")).toHaveLength(1);
    expect(edgesFrom(batch, agentNode(batch, "codex"), "gated_by")).toEqual([]);
    expect(edgesFrom(batch, agentNode(batch, "github-actions"), "gated_by")).toEqual([]);
    expect(nodesOf(batch, "approval_gate").every((gate) => gate.key.startsWith("gate:agent:alex-laptop:"))).toBe(true);
  });

  it("records the CI bot's token permissions and the secrets it names", () => {
    const ci = agentNode(batch, "github-actions");
    expect(ci.props).toMatchObject({ idTokenWrite: true, secretsReferenced: ["ANTHROPIC_API_KEY", "RAILWAY_TOKEN"], approvalMode: "never" });
    expect(readDirs(batch, ci)).toEqual([estate.project]);
  });

  it("keeps file nodes to agent configs and files holding credentials", () => {
    for (const file of nodesOf(batch, "file")) {
      const holds = edgesFrom(batch, file, "contains").length > 0;
      expect(holds || file.props?.agentConfig === true).toBe(true);
    }
  });
});

describe("workspaceCollector on bad input", () => {
  it("finishes with warnings naming file and line when configs are malformed", async () => {
    const root = path.join(FIXTURES_DIR, "malformed-project");
    const batch = await workspaceCollector.collect({ roots: [root], machine: "m" }, silentContext(KEY));
    expect(() => validateBatch(batch)).not.toThrow();
    expect(nodesOf(batch, "agent").map((agent) => agent.props?.agentKind)).toContain("claude-code");
    expect(batch.warnings?.length).toBeGreaterThanOrEqual(3);
    for (const warning of batch.warnings ?? []) expect(warning.message).toMatch(/:\d+/);
  });

  it("refuses to scan a folder above the home folder that a filesystem server exposes", async () => {
    const root = path.join(FIXTURES_DIR, "broad-project");
    const batch = await workspaceCollector.collect({ roots: [root], home: estate.home, machine: "m" }, silentContext(KEY));
    expect(batch.warnings).toEqual([expect.objectContaining({ code: "workspace:scan_refused", location: { path: "/" } })]);
  });

  it("warns about a root that does not exist", async () => {
    const batch = await workspaceCollector.collect({ roots: [path.join(FIXTURES_DIR, "no-such-folder")], machine: "m" }, silentContext(KEY));
    expect(batch.warnings).toEqual([expect.objectContaining({ code: "workspace:root_missing" })]);
  });

  it("rejects a config without roots", () => {
    expect(workspaceCollector.configSchema.safeParse({ roots: [] }).success).toBe(false);
  });
});
