import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { copyFixtureEstate, FIXTURES_DIR } from "./copy-fixture-estate";
import { discoverAgents } from "./discover";
import { createConfigLoader } from "./read";
import type { AgentSpec } from "./types";

const estate = copyFixtureEstate();
afterAll(() => estate.cleanup());

async function discover(roots = [estate.project], home: string | null = estate.home) {
  const loader = createConfigLoader();
  const agents = await discoverAgents({ roots, home: home ?? undefined, loader });
  return { agents, warnings: loader.warnings };
}

function agentOf(agents: AgentSpec[], kind: AgentSpec["kind"]): AgentSpec {
  const agent = agents.find((item) => item.kind === kind);
  if (!agent) throw new Error(`no ${kind} agent among ${agents.map((item) => item.kind).join(", ")}`);
  return agent;
}

const serverNames = (agent: AgentSpec) => agent.mcpServers.map((server) => server.name).sort();

describe("discoverAgents on the fixture estate", async () => {
  const { agents, warnings } = await discover();

  it("finds every agent kind configured there, without warnings", () => {
    expect(agents.map((agent) => agent.kind).sort()).toEqual(
      ["claude-code", "claude-desktop", "codex", "continue", "cursor", "gemini-cli", "github-actions", "vscode-copilot", "windsurf"].sort(),
    );
    expect(warnings).toEqual([]);
  });

  it("Claude Code: merges user, project and local settings, the .mcp.json and ~/.claude.json servers", () => {
    const claude = agentOf(agents, "claude-code");
    expect(claude.workspaceRoot).toBe(estate.project);
    expect(claude.approvalMode).toBe("bypass"); // settings.local.json wins over acceptEdits
    expect(claude.rules.allow).toEqual(expect.arrayContaining(["Bash", "Edit", "Bash(npm test:*)"]));
    expect(claude.rules.ask).toEqual(["Bash(git push:*)"]);
    expect(claude.rules.deny).toEqual(expect.arrayContaining(["Read(~/.ssh/**)", "Read(./.env)"]));
    expect(claude.unrestrictedShell).toBe(true);
    expect(claude.readsHome).toBe(true);
    expect(claude.additionalDirectories).toEqual([path.join(estate.home, "projects", "shared-lib"), path.join(estate.home, "notes")]);
    // user server, this project's server from ~/.claude.json, .mcp.json servers; not another project's.
    expect(serverNames(claude)).toEqual(["db", "github", "railway", "sentry"]);
    expect(claude.configFiles).toContain(path.join(estate.project, ".claude", "settings.local.json"));
  });

  it("Claude Code: records a `${VAR}` reference and keeps the sentry token out of the URL", () => {
    const claude = agentOf(agents, "claude-code");
    const railway = claude.mcpServers.find((server) => server.name === "railway")!;
    expect(railway.references).toEqual([{ name: "RAILWAY_API_TOKEN", via: "env", path: "env.RAILWAY_API_TOKEN" }]);
    expect(railway.inlineValues.filter((value) => value.path.startsWith("env"))).toEqual([]);
    const sentry = claude.mcpServers.find((server) => server.name === "sentry")!;
    expect(sentry.transport).toBe("http");
    expect(sentry.url).toBe("https://mcp.sentry.example/mcp?token=<redacted>");
    expect(sentry.inlineValues.map((value) => value.path)).toContain("url?token");
    const db = claude.mcpServers.find((server) => server.name === "db")!;
    expect(db.args.join(" ")).not.toContain("FAKE-pg-pass-1234");
    expect(db.inlineValues.some((value) => value.value.includes("FAKE-pg-pass-1234"))).toBe(true);
  });

  it("Claude Code: a denied Bash with a sandbox gives no unrestricted shell", async () => {
    const { agents: none } = await discover([path.join(FIXTURES_DIR, "claude-locked")], null);
    const claude = agentOf(none, "claude-code");
    expect(claude.unrestrictedShell).toBe(false);
    expect(claude.readsHome).toBe(false);
    expect(claude.sandbox).toBe("enabled");
    expect(claude.approvalMode).toBe("default");
  });

  it("Cursor: project and user MCP servers, CLI permission rules, a terminal outside any sandbox", () => {
    const cursor = agentOf(agents, "cursor");
    expect(serverNames(cursor)).toEqual(["linear"]);
    const linear = cursor.mcpServers[0];
    expect(linear.file).toBe(path.join(estate.project, ".cursor", "mcp.json")); // project overrides user
    expect(linear.args).toEqual(["-y", "linear-mcp", "--token", "<redacted>"]);
    expect(cursor.rules.deny).toEqual(["Read(.env*)", "Shell(rm)", "Shell(curl)", "Read(.env)", "Read(secrets/)"]);
    expect(cursor.configFiles).toContain(path.join(estate.project, ".cursorignore"));
    expect(cursor.rules.allow).toEqual(["Shell(git)", "Read(src/**)"]);
    expect(cursor.unrestrictedShell).toBe(true);
  });

  it("VS Code: servers, secret inputs, envFile and the user's auto-approve", () => {
    const vscode = agentOf(agents, "vscode-copilot");
    expect(serverNames(vscode)).toEqual(["github", "local", "memory"]);
    const github = vscode.mcpServers.find((server) => server.name === "github")!;
    expect(github.references).toEqual([{ name: "gh-token", via: "input", path: "headers.Authorization" }]);
    expect(vscode.extra.secretInputs).toEqual(["gh-token"]);
    const local = vscode.mcpServers.find((server) => server.name === "local")!;
    expect(local.envFiles).toEqual([path.join(estate.project, ".env")]);
    expect(vscode.approvalMode).toBe("bypass");
  });

  it("Codex: approval policy, sandbox, env_vars, bearer_token_env_var and inline env", () => {
    const codex = agentOf(agents, "codex");
    expect(codex.approvalMode).toBe("never");
    expect(codex.sandbox).toBe("workspace-write"); // the project file overrides the user's danger-full-access
    expect(codex.unrestrictedShell).toBe(false);
    expect(codex.readsHome).toBe(true);
    expect(codex.additionalDirectories).toEqual(["/tmp/codex-scratch"]);
    expect(codex.extra.trustLevel).toBe("trusted");
    expect(serverNames(codex)).toEqual(["docs", "remote", "stripe"]);
    const stripe = codex.mcpServers.find((server) => server.name === "stripe")!;
    expect(stripe.references).toEqual([{ name: "STRIPE_SECRET_KEY", via: "env", path: "env_vars" }]);
    const remote = codex.mcpServers.find((server) => server.name === "remote")!;
    expect(remote.references).toEqual([{ name: "REMOTE_MCP_TOKEN", via: "env", path: "bearer_token_env_var" }]);
    expect(remote.transport).toBe("http");
    const docs = codex.mcpServers.find((server) => server.name === "docs")!;
    expect(docs.inlineValues).toEqual([
      { path: "env.DOCS_TOKEN", name: "DOCS_TOKEN", value: "FAKE-docs-token-abcdef123456" },
      { path: "env.DOCS_TOKEN", name: "DOCS_TOKEN", value: "FAKE-docs-token-abcdef123456", secret: true },
    ]);
  });

  it("Codex: the active profile overrides the top-level approval policy", async () => {
    const { agents: profiled } = await discover([path.join(FIXTURES_DIR, "codex-profile")], null);
    expect(agentOf(profiled, "codex").approvalMode).toBe("untrusted");
  });

  it("Windsurf, Gemini CLI and Continue", () => {
    const windsurf = agentOf(agents, "windsurf");
    expect(windsurf.mcpServers[0].references).toEqual([{ name: "BRAVE_API_KEY", via: "env", path: "env.BRAVE_API_KEY" }]);
    expect(windsurf.unrestrictedShell).toBe(true);
    const gemini = agentOf(agents, "gemini-cli");
    expect(gemini.sandbox).toBe("docker");
    expect(gemini.readsHome).toBe(false);
    expect(gemini.unrestrictedShell).toBe(false);
    expect(gemini.mcpServers[0].exposedDirs).toEqual([path.join(estate.home, "notes")]);
    const cont = agentOf(agents, "continue");
    expect(serverNames(cont)).toEqual(["fetch", "postgres", "search"]);
    const search = cont.mcpServers.find((server) => server.name === "search")!;
    expect(search.references).toEqual([{ name: "SEARCH_KEY", via: "continue-secret", path: "env.SEARCH_KEY" }]);
  });

  it("Claude Desktop reads only what its filesystem server exposes", () => {
    const desktop = agentOf(agents, "claude-desktop");
    expect(desktop.scope).toBe("user");
    expect(desktop.readsHome).toBe(false);
    expect(desktop.additionalDirectories).toEqual([path.join(estate.home, "Documents"), path.join(estate.home, "projects")]);
  });

  it("GitHub Actions: permissions, OIDC, referenced secrets, AI actions, risky triggers", () => {
    const ci = agentOf(agents, "github-actions");
    expect(ci.approvalMode).toBe("never");
    expect(ci.readsHome).toBe(false);
    expect(ci.extra).toMatchObject({
      workflow: path.join(".github", "workflows", "deploy.yml"),
      idTokenWrite: true,
      secretsReferenced: ["ANTHROPIC_API_KEY", "RAILWAY_TOKEN"],
      aiActions: ["anthropics/claude-code-action@v1"],
      environments: ["production"],
      untrustedTrigger: true,
      tokenPermissions: { "*": { contents: "read", "id-token": "write" }, deploy: { contents: "write" } },
    });
  });

  it("without a home folder, only project-level configs count", async () => {
    const { agents: projectOnly } = await discover([estate.project], null);
    expect(projectOnly.map((agent) => agent.kind).sort()).toEqual(
      ["claude-code", "codex", "continue", "cursor", "github-actions", "vscode-copilot"].sort(),
    );
  });
});

describe("malformed configs", () => {
  it("warn with file and line, and discovery still returns what it could read", async () => {
    const dir = path.join(FIXTURES_DIR, "malformed-project");
    const loader = createConfigLoader();
    const agents = await discoverAgents({ roots: [dir], loader });
    const claude = agents.find((agent) => agent.kind === "claude-code");
    expect(claude?.mcpServers.map((server) => server.name)).toContain("ok");
    const files = loader.warnings.map((warning) => path.relative(dir, warning.location?.file ?? ""));
    expect(files).toEqual(expect.arrayContaining([".mcp.json", path.join(".codex", "config.toml"), path.join(".github", "workflows", "broken.yml")]));
    for (const warning of loader.warnings) expect(warning.location?.line).toBeGreaterThan(0);
  });
});
