import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parse as parseJsonc } from "jsonc-parser";
import { parse as parseToml } from "smol-toml";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { guardHookCommand, isBlastmapGuardCommand } from "@/lib/guard/hook-command";
import { managedSettings } from "@/lib/guard/install/agent-configs";
import { installGuard, uninstallGuard } from "@/lib/guard/install/install";
import { loadBashParser } from "@/lib/guard/shell/parse-bash";
import { GUARD_AGENTS, type GuardAgent } from "@/lib/guard/types";

const BIN = "/opt/blast map/bin/blastmap.mjs"; // a space: the command must still be one word per path
const NODE = "/usr/local/bin/node";
const command = (agent: GuardAgent) => guardHookCommand(agent, { bin: BIN, node: NODE });

let root: string;
let stateDir: string;
beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "guard-install-"));
  stateDir = fs.mkdtempSync(path.join(os.tmpdir(), "guard-install-state-"));
});
beforeAll(loadBashParser);
afterEach(() => {
  fs.rmSync(root, { recursive: true, force: true });
  fs.rmSync(stateDir, { recursive: true, force: true });
});

function write(rel: string, text: string): string {
  const file = path.join(root, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return file;
}
const read = (rel: string) => fs.readFileSync(path.join(root, rel), "utf8");
const install = (agent: GuardAgent, scope: "project" | "user" = "project") => installGuard({ agent, scope, root, command: command(agent), stateDir });
const uninstall = (agent: GuardAgent, scope: "project" | "user" = "project") => uninstallGuard({ agent, scope, root, stateDir });

const CLAUDE_SETTINGS = `// Team settings: reviewed in #platform
{
  "permissions": {
    "deny": ["Read(./.env)"] // never the env file
  },
  "hooks": {
    /* our formatter */
    "PostToolUse": [{ "matcher": "Edit", "hooks": [{ "type": "command", "command": "prettier --write" }] }],
    "PreToolUse": [
      { "matcher": "Bash", "hooks": [{ "type": "command", "command": "./scripts/audit-log.sh" }] },
    ],
  },
}
`;

describe("guard install and uninstall on real config files", () => {
  it("Claude Code: adds one PreToolUse group, keeps the comments and the team's hooks, and uninstall restores the file byte for byte", async () => {
    write(".claude/settings.json", CLAUDE_SETTINGS);
    expect(await install("claude-code")).toMatchObject({ status: "updated" });
    const text = read(".claude/settings.json");
    expect(text).toContain("// Team settings: reviewed in #platform");
    expect(text).toContain("/* our formatter */");
    expect(text).toContain("// never the env file");
    const config = parseJsonc(text);
    expect(config.hooks.PreToolUse).toHaveLength(2);
    expect(config.hooks.PreToolUse[0].hooks[0].command).toBe("./scripts/audit-log.sh");
    expect(config.hooks.PreToolUse[1]).toEqual({
      matcher: "Bash|mcp__.*|Write|Edit|MultiEdit|NotebookEdit",
      hooks: [{ type: "command", command: command("claude-code"), timeout: 30 }],
    });
    expect(config.hooks.PostToolUse).toHaveLength(1);

    expect(await install("claude-code")).toMatchObject({ status: "unchanged" }); // idempotent
    expect(read(".claude/settings.json")).toBe(text);

    expect(await uninstall("claude-code")).toMatchObject({ removed: 1, deleted: false });
    expect(read(".claude/settings.json")).toBe(CLAUDE_SETTINGS);
    expect(await uninstall("claude-code")).toMatchObject({ removed: 0 });
  });

  it("brings an old entry (another install path) up to date instead of adding a second", async () => {
    await install("claude-code");
    const moved = guardHookCommand("claude-code", { bin: "/new/place/bin/blastmap.mjs", node: NODE });
    await installGuard({ agent: "claude-code", scope: "project", root, command: moved });
    const groups = parseJsonc(read(".claude/settings.json")).hooks.PreToolUse;
    expect(groups).toHaveLength(1);
    expect(groups[0].hooks[0].command).toBe(moved);
  });

  it("takes the guard out of a group it shares with the team's own hook, leaving theirs", async () => {
    write(
      ".claude/settings.json",
      JSON.stringify({ hooks: { PreToolUse: [{ matcher: "Bash", hooks: [{ type: "command", command: "./audit.sh" }, { type: "command", command: command("claude-code") }] }] } }),
    );
    expect((await uninstall("claude-code")).removed).toBe(1);
    expect(parseJsonc(read(".claude/settings.json"))).toEqual({ hooks: { PreToolUse: [{ matcher: "Bash", hooks: [{ type: "command", command: "./audit.sh" }] }] } });
  });

  it("Cursor: a new hooks.json with version 1 and both events, deleted again on uninstall", async () => {
    expect(await install("cursor")).toMatchObject({ status: "created", file: path.join(root, ".cursor", "hooks.json") });
    expect(parseJsonc(read(".cursor/hooks.json"))).toEqual({
      version: 1,
      hooks: {
        beforeShellExecution: [{ command: command("cursor"), failClosed: true }],
        beforeMCPExecution: [{ command: command("cursor"), failClosed: true }],
        preToolUse: [{ command: command("cursor"), matcher: "Write|Edit|Delete", failClosed: true }],
      },
    });
    expect(await uninstall("cursor")).toMatchObject({ removed: 3, deleted: true, removedFolders: [path.join(root, ".cursor")] });
    expect(fs.existsSync(path.join(root, ".cursor"))).toBe(false); // install made it: nothing of it is left
  });

  it("removes only the folders install created, and only when empty", async () => {
    fs.mkdirSync(path.join(root, ".cursor")); // the team's, empty before install
    await install("cursor");
    expect((await uninstall("cursor")).removedFolders).toEqual([]);
    expect(fs.existsSync(path.join(root, ".cursor"))).toBe(true);

    await install("copilot"); // creates .github/hooks (and .github)
    write(".github/workflows/ci.yml", "on: push\n"); // the team adds a workflow meanwhile
    expect((await uninstall("copilot")).removedFolders).toEqual([path.join(root, ".github", "hooks")]);
    expect(fs.readFileSync(path.join(root, ".github", "workflows", "ci.yml"), "utf8")).toBe("on: push\n");
  });

  it("Cursor: merges with the team's hooks and comments, and keeps the file on uninstall", async () => {
    const original = `{
  // shared with the team
  "version": 1,
  "hooks": {
    "beforeShellExecution": [{ "command": "./hooks/no-prod.sh" }],
    "afterFileEdit": [{ "command": "./hooks/format.sh" }]
  }
}
`;
    write(".cursor/hooks.json", original);
    await install("cursor");
    const config = parseJsonc(read(".cursor/hooks.json"));
    expect(config.hooks.beforeShellExecution.map((h: { command: string }) => h.command)).toEqual(["./hooks/no-prod.sh", command("cursor")]);
    expect(config.hooks.beforeMCPExecution).toHaveLength(1);
    expect(read(".cursor/hooks.json")).toContain("// shared with the team");
    expect(await uninstall("cursor")).toMatchObject({ removed: 3, deleted: false });
    expect(read(".cursor/hooks.json")).toBe(original);
  });

  it("Gemini, Windsurf, Copilot: their own events and fields, user scope where the tool has one", async () => {
    write(".gemini/settings.json", `{\n  // theme first\n  "theme": "GitHub"\n}\n`);
    await install("gemini", "user");
    const gemini = parseJsonc(read(".gemini/settings.json"));
    expect(gemini.theme).toBe("GitHub");
    expect(gemini.hooks.BeforeTool[0]).toMatchObject({ matcher: "run_shell_command|mcp_.*|write_file|replace", hooks: [{ type: "command", name: "blastmap-guard", command: command("gemini") }] });

    await install("windsurf", "user");
    expect(parseJsonc(read(".codeium/windsurf/hooks.json")).hooks).toEqual({
      pre_run_command: [{ command: command("windsurf"), show_output: true }],
      pre_mcp_tool_use: [{ command: command("windsurf"), show_output: true }],
      pre_write_code: [{ command: command("windsurf"), show_output: true }],
    });

    await install("copilot");
    expect(parseJsonc(read(".github/hooks/blastmap-guard.json"))).toEqual({ version: 1, hooks: { preToolUse: [{ type: "command", bash: command("copilot"), timeoutSec: 30 }] } });
    await expect(install("copilot", "user")).rejects.toThrow(/repository only/);

    expect(await uninstall("gemini", "user")).toMatchObject({ removed: 1, deleted: false });
    expect(read(".gemini/settings.json")).toBe(`{\n  // theme first\n  "theme": "GitHub"\n}\n`);
    expect((await uninstall("windsurf", "user")).deleted).toBe(true);
    expect((await uninstall("copilot")).deleted).toBe(true);
  });

  it("Codex: one marked [[hooks.PreToolUse]] block after the user's TOML, comments kept, removed exactly", async () => {
    const original = `# my codex config
model = "o4-mini"

[[hooks.PreToolUse]]
matcher = "Bash"
[[hooks.PreToolUse.hooks]]
type = "command"
command = "./audit.sh" # the team's own
`;
    write(".codex/config.toml", original);
    await install("codex");
    const text = read(".codex/config.toml");
    expect(text.startsWith(original)).toBe(true);
    const config = parseToml(text) as { hooks: { PreToolUse: { hooks: { command: string }[] }[] } };
    expect(config.hooks.PreToolUse.map((group) => group.hooks[0].command)).toEqual(["./audit.sh", command("codex")]);
    await install("codex");
    expect(read(".codex/config.toml")).toBe(text);
    expect(await uninstall("codex")).toMatchObject({ removed: 1, deleted: false });
    expect(read(".codex/config.toml")).toBe(original);
  });

  it("refuses a file it cannot parse or merge into, and leaves it as it was", async () => {
    write(".claude/settings.json", `{ "hooks": { "PreToolUse": { "not": "a list" } } }`);
    await expect(install("claude-code")).rejects.toThrow(/hooks.PreToolUse" is not a list; nothing was changed/);
    write(".cursor/hooks.json", `{ "version": 1, "hooks": `);
    await expect(install("cursor")).rejects.toThrow(/is not valid JSON/);
    write(".codex/config.toml", `hooks = { PreToolUse = [] }\n`);
    await expect(install("codex")).rejects.toThrow(/would not be valid TOML; nothing was changed|would not be valid TOML/);
    expect(read(".codex/config.toml")).toBe(`hooks = { PreToolUse = [] }\n`);
  });

  it("writes a command that runs from any folder and that the collector recognises as the guard", async () => {
    for (const agent of GUARD_AGENTS) {
      const line = command(agent);
      expect(line).toBe(`${NODE} '${BIN}' guard hook --agent ${agent}`);
      expect(isBlastmapGuardCommand(line)).toBe(true);
    }
    expect(isBlastmapGuardCommand("npx blastmap guard hook --agent cursor")).toBe(true);
    expect(isBlastmapGuardCommand("./scripts/audit-log.sh")).toBe(false);
    expect(isBlastmapGuardCommand("echo blastmap guard")).toBe(false);
  });

  it("prints the managed-settings snippet each organisation-wide location takes", async () => {
    const claude = managedSettings("claude-code", command("claude-code"));
    expect(claude.locations[0]).toContain("/etc/claude-code/managed-settings.json");
    expect(JSON.parse(claude.snippet).hooks.PreToolUse[0].hooks[0].command).toBe(command("claude-code"));
    const cursor = managedSettings("cursor", command("cursor"));
    expect(cursor.locations[0]).toContain("/etc/cursor/hooks.json");
    expect(JSON.parse(cursor.snippet)).toMatchObject({ version: 1, hooks: { beforeMCPExecution: [{ command: command("cursor") }] } });
    expect(managedSettings("codex", command("codex")).snippet).toContain("[[hooks.PreToolUse]]");
  });
});

describe("uninstall leaves the team's empty lists alone", () => {
  it("removes the list it emptied, not an empty list that was there before", async () => {
    write(".cursor/hooks.json", JSON.stringify({ version: 1, hooks: { afterFileEdit: [] } }, null, 2));
    await install("cursor");
    await uninstall("cursor");
    expect(parseJsonc(read(".cursor/hooks.json"))).toEqual({ version: 1, hooks: { afterFileEdit: [] } });
  });
});
