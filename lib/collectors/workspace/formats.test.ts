/**
 * Config shapes seen in public repositories, written the way people write them, and every agent's pre-call
 * hooks, through the whole collector.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { silentContext } from "@/lib/collectors/types";
import { createFakeSecrets } from "@/lib/credentials/testing/fake-secrets";
import type { GraphBatch, GraphNode } from "@/lib/graph/types";
import { loadBashParser } from "@/lib/guard/shell/parse-bash";
import { readHooks } from "./agents/hooks";
import { workspaceCollector } from "./index";

const KEY = Buffer.alloc(32, 9);
const fakes = createFakeSecrets(1616);
const work = fs.mkdtempSync(path.join(os.tmpdir(), "blastmap-formats-"));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

function write(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

const GUARD = "/opt/blastmap/bin/blastmap.mjs guard hook --agent";
const envSecret = `Zq${fakes.pick("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 30)}9`;
const helperSecret = `Hx${fakes.pick("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 30)}4`;

const strayKey = `Sd${fakes.pick("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 30)}2`;
const home = path.join(work, "home");
const project = path.join(work, "code", "shop");
write(path.join(home, ".keep"), "");
write(
  path.join(project, ".cursor", "mcp.json"),
  `// copied from the VS Code docs\n{ "servers": { "docs": { "type": "http", "url": "https://docs.example.com/mcp" } } }\n`,
);
write(path.join(project, ".cursor", "hooks.json"), JSON.stringify({ version: 1, hooks: { beforeShellExecution: [{ command: `${GUARD} cursor` }], afterFileEdit: [{ command: "npx prettier --write" }] } }));
write(path.join(project, ".vscode", "mcp.json"), JSON.stringify({ mcp: { servers: { remote: { transport: { type: "sse", url: "https://remote.example.com/sse" } } } } }));
write(
  path.join(project, ".claude", "settings.json"),
  JSON.stringify(
    {
      env: { INTERNAL_API_TOKEN: envSecret, LOG_LEVEL: "debug", OTHER_KEY: "${OTHER_KEY}" },
      apiKeyHelper: `echo ${helperSecret}`,
      hooks: {
        PreToolUse: [
          { matcher: "Bash", hooks: [{ type: "command", command: `node ${GUARD} claude-code` }] },
          { matcher: "Write|Edit", hooks: [{ type: "command", command: "python3 .claude/hooks/check.py" }] },
        ],
        PostToolUse: [{ hooks: [{ type: "command", command: "npm run lint" }] }],
      },
    },
    null,
    2,
  ),
);
write(
  path.join(project, ".codex", "config.toml"),
  [
    'approval_policy = "on-request"',
    "[mcp_servers.github]",
    'command = "github-mcp"',
    'default_tools_approval_mode = "approve"',
    'enabled_tools = ["list_issues", "create_issue"]',
    "[mcp_servers.github.tools.create_issue]",
    'approval_mode = "prompt"',
    "[profiles.yolo]",
    'approval_policy = "never"',
    "[[hooks.PreToolUse]]",
    'matcher = "Bash"',
    "[[hooks.PreToolUse.hooks]]",
    'type = "command"',
    'command = "npx -y blastmap guard hook --agent codex"',
  ].join("\n"),
);
write(path.join(project, ".gemini", "settings.json"), JSON.stringify({ tools: { allowed: ["run_shell_command(git status)", "read_file"] }, hooks: { BeforeTool: [{ matcher: "run_shell_command", hooks: [{ type: "command", command: "./hooks/gemini-guard.sh" }] }] } }));
write(path.join(project, ".github", "hooks", "guard.json"), JSON.stringify({ version: 1, hooks: { preToolUse: [{ type: "command", bash: `${GUARD} copilot`, powershell: "pwsh -File guard.ps1", timeoutSec: 10 }] } }));
write(path.join(project, ".windsurf", "hooks.json"), JSON.stringify({ hooks: { pre_run_command: [{ command: "python3 /opt/audit/pre_run.py", show_output: true }] } }));
write(path.join(project, "docs", "claude_desktop_config.json"), JSON.stringify({ mcpServers: { search: { command: "npx", args: ["-y", "search-mcp"], env: { SEARCH_API_KEY: strayKey } } } }));
write(path.join(project, ".mcp.json"), `{\n  "mcpServers": {\n    "ok": { "command": "ok-server" },\n    "cut": { "command": "npx", "args": ["-y", "half`);

const batch: GraphBatch = await workspaceCollector.collect({ roots: [project], home, machine: "m" }, silentContext(KEY));
const agent = (kind: string): GraphNode => {
  const found = batch.nodes.find((node) => node.kind === "agent" && node.props?.agentKind === kind);
  if (!found) throw new Error(`no ${kind} agent`);
  return found;
};
const serversOf = (node: GraphNode) =>
  batch.edges
    .filter((edge) => edge.kind === "configured_with" && edge.src.key === node.key && edge.dst.kind === "mcp_server")
    .map((edge) => batch.nodes.find((item) => item.kind === "mcp_server" && item.key === edge.dst.key)!);

describe("formats seen in the wild", () => {
  it("reads VS Code's `servers` key in a Cursor file and a `{mcp: …}` fragment, with a warning each", () => {
    expect(serversOf(agent("cursor")).map((server) => server.name)).toEqual(["docs"]);
    const remote = serversOf(agent("vscode-copilot")).find((server) => server.name === "remote")!;
    expect(remote.props).toMatchObject({ transport: "sse", url: "https://remote.example.com/sse" });
    const formats = (batch.warnings ?? []).filter((warning) => warning.code === "workspace:unexpected_format");
    expect(formats.map((warning) => path.relative(project, warning.location?.file ?? ""))).toEqual([path.join(".cursor", "mcp.json"), path.join(".vscode", "mcp.json")]);
  });

  it("gives one warning naming file and position for a truncated file, and no phantom server", () => {
    const malformed = (batch.warnings ?? []).filter((warning) => warning.code === "workspace:malformed_config");
    expect(malformed).toHaveLength(1);
    expect(malformed[0].message).toMatch(new RegExp(`${path.join(project, ".mcp.json").replace(/[.]/g, "\\.")}:\\d+:\\d+: `));
    expect(serversOf(agent("claude-code")).map((server) => server.name)).toEqual(["ok"]);
  });

  it("makes Claude Code's `env` block a credential of the agent, and shows its credential helper redacted", () => {
    const claude = agent("claude-code");
    const links = batch.edges.filter((edge) => edge.kind === "configured_with" && edge.src.key === claude.key && edge.dst.kind === "credential");
    expect(links.map((edge) => edge.props?.via)).toEqual(["env.INTERNAL_API_TOKEN", "apiKeyHelper[0].printed"]);
    expect(claude.props?.credentialHelpers).toEqual([{ setting: "apiKeyHelper", commandPreview: "echo <redacted>", file: path.join(project, ".claude", "settings.json") }]);
    expect(claude.props?.runtimeSecrets).toEqual([{ name: "OTHER_KEY", via: "env", path: "env.OTHER_KEY" }]);
  });

  it("reads Codex's per-tool approvals, enabled tools and profiles", () => {
    const github = serversOf(agent("codex")).find((server) => server.name === "github")!;
    expect(github.props?.toolApproval).toEqual({ defaultMode: "approve", perTool: { create_issue: "prompt" }, enabledTools: ["list_issues", "create_issue"] });
    expect(agent("codex").props?.profiles).toEqual({ yolo: { approvalPolicy: "never" } });
  });

  it("reads Gemini's tools that skip confirmation", () => {
    expect(agent("gemini-cli").props?.autoApprovedTools).toEqual(["run_shell_command(git status)", "read_file"]);
  });

  it("counts the secrets of a config file no agent reads (a committed claude_desktop_config.json)", () => {
    const file = path.join(project, "docs", "claude_desktop_config.json");
    const fileNode = batch.nodes.find((node) => node.kind === "file" && node.props?.path === file)!;
    const held = batch.edges.filter((edge) => edge.kind === "contains" && edge.src.key === fileNode.key && edge.dst.kind === "credential");
    expect(held.map((edge) => batch.nodes.find((node) => node.key === edge.dst.key)?.props?.provider)).toEqual(["unknown"]);
  });

  it("never stores a config secret", () => {
    const text = JSON.stringify(batch);
    expect(text).not.toContain(strayKey);
    expect(text).not.toContain(envSecret);
    expect(text).not.toContain(helperSecret);
  });
});

describe("pre-call hooks, per agent", () => {
  const hooks = (kind: string) => agent(kind).props?.preCallHooks as { event: string; matcher?: string; enforcer: string; commandPreview: string; file: string }[];

  it("Claude Code: PreToolUse, the guard and a third party, other events apart", () => {
    const file = path.join(project, ".claude", "settings.json");
    expect(hooks("claude-code")).toEqual([
      { event: "PreToolUse", matcher: "Bash", enforcer: "blastmap-guard", commandPreview: `node ${GUARD} claude-code`, file },
      { event: "PreToolUse", matcher: "Write|Edit", enforcer: "third-party", commandPreview: "python3 .claude/hooks/check.py", file },
    ]);
    expect(agent("claude-code").props?.automaticCommands).toEqual([{ event: "PostToolUse", commandPreview: "npm run lint", file }]);
  });

  it("Cursor, Codex, Gemini, Copilot and Windsurf", () => {
    expect(hooks("cursor").map((hook) => [hook.event, hook.enforcer])).toEqual([["beforeShellExecution", "blastmap-guard"]]);
    expect(hooks("codex").map((hook) => [hook.event, hook.matcher, hook.enforcer])).toEqual([["PreToolUse", "Bash", "blastmap-guard"]]);
    expect(hooks("gemini-cli").map((hook) => [hook.event, hook.matcher, hook.enforcer])).toEqual([["BeforeTool", "run_shell_command", "third-party"]]);
    expect(hooks("vscode-copilot").map((hook) => [hook.event, hook.enforcer, hook.commandPreview])).toEqual([
      ["preToolUse", "blastmap-guard", `${GUARD} copilot`],
      ["preToolUse", "third-party", "pwsh -File guard.ps1"],
    ]);
    expect(hooks("windsurf").map((hook) => [hook.event, hook.enforcer])).toEqual([["pre_run_command", "third-party"]]);
  });

  it("every agent node carries the list, empty when it has none", () => {
    for (const node of batch.nodes.filter((item) => item.kind === "agent")) expect(Array.isArray(node.props?.preCallHooks)).toBe(true);
  });
});

describe("readHooks", () => {
  beforeAll(loadBashParser);

  it("reads Codex's [[hooks]] list form, with a command given as argv", () => {
    const hooks = readHooks([{ event: "PreToolUse", matcher: "Bash", command: ["/opt/blastmap/bin/blastmap.mjs", "guard", "hook", "--agent", "codex"] }, { event: "Stop", command: "notify-send done" }], "/p/.codex/config.toml");
    expect(hooks.map((hook) => [hook.event, hook.preCall, hook.enforcer])).toEqual([
      ["PreToolUse", true, "blastmap-guard"],
      ["Stop", false, "third-party"],
    ]);
  });
});
