import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { silentContext } from "@/lib/collectors/types";
import { findProjects } from "./find-projects";
import { workspaceCollector } from "./index";
import { createConfigLoader } from "./read";

const work = fs.mkdtempSync(path.join(os.tmpdir(), "blastmap-walk-"));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

function write(file: string, text = "{}"): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

// code/
//   api/.mcp.json                       project
//   api/packages/worker/.cursor/mcp.json nested project inside a project
//   web/.vscode/mcp.json                project
//   web/.vscode/settings.json only       (the marker is mcp.json)
//   notes/.vscode/settings.json          not a project
//   bot/.github/workflows/ai.yml         project: runs an AI agent action
//   ci/.github/workflows/test.yml        not a project: no agent action
//   api/node_modules/pkg/.mcp.json       never entered
//   deep/a/b/c/d/e/f/g/.claude/          below the depth budget
//   home/dev/.claude/settings.json       the home folder's user-level config, not a project
//   home/dev/src/tool/.codex/config.toml a project inside the home inside the root
const code = path.join(work, "code");
const home = path.join(code, "home", "dev");
write(path.join(code, "api", ".mcp.json"), JSON.stringify({ mcpServers: { a: { command: "a" } } }));
write(path.join(code, "api", "packages", "worker", ".cursor", "mcp.json"), JSON.stringify({ mcpServers: {} }));
write(path.join(code, "web", ".vscode", "mcp.json"), JSON.stringify({ servers: {} }));
write(path.join(code, "notes", ".vscode", "settings.json"));
write(path.join(code, "bot", ".github", "workflows", "ai.yml"), "on: issue_comment\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: anthropics/claude-code-action@v1\n");
write(path.join(code, "ci", ".github", "workflows", "test.yml"), "on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm test\n");
write(path.join(code, "api", "node_modules", "pkg", ".mcp.json"));
write(path.join(code, "deep", "a", "b", "c", "d", "e", "f", "g", ".claude", "settings.json"));
write(path.join(home, ".claude", "settings.json"), JSON.stringify({ permissions: { defaultMode: "acceptEdits" } }));
write(path.join(home, "src", "tool", ".codex", "config.toml"), 'approval_policy = "never"\n');

const rel = (dirs: string[]) => dirs.map((dir) => path.relative(code, dir) || ".").sort();

describe("findProjects", () => {
  it("finds every project under a root, nested ones included, inside the depth budget", async () => {
    const walk = await findProjects([code], createConfigLoader(), { home, maxDepth: 6 });
    expect(rel(walk.projects)).toEqual(["api", "api/packages/worker", "bot", "home/dev/src/tool", "web"]);
    expect(walk.warnings).toEqual([expect.objectContaining({ code: "workspace:walk_budget", message: expect.stringContaining("depth 6") })]);
  });

  it("goes deeper when asked, and stops at the entries budget with a warning naming where", async () => {
    const deeper = await findProjects([code], createConfigLoader(), { home, maxDepth: 12 });
    expect(rel(deeper.projects)).toContain("deep/a/b/c/d/e/f/g");
    expect(deeper.warnings).toEqual([]);
    const small = await findProjects([code], createConfigLoader(), { home, maxEntries: 5 });
    expect(small.warnings).toEqual([expect.objectContaining({ code: "workspace:walk_budget", message: expect.stringMatching(/stopped after \d+ folder entries, at /) })]);
  });
});

describe("workspaceCollector with a root holding many projects and the home folder", () => {
  it("makes each project a workspace with its own agents, scans without refusing, and says what it found", { timeout: 30_000 }, async () => {
    const phases: string[] = [];
    const batch = await workspaceCollector.collect(
      { roots: [code], home, machine: "m", maxDepth: 6 },
      { ...silentContext(Buffer.alloc(32, 3)), progress: (update) => phases.push(update.phase) },
    );
    expect(phases).toContain(`found 5 projects under ${code}`);
    const agents = batch.nodes.filter((node) => node.kind === "agent").map((node) => `${node.props?.agentKind} ${path.relative(code, String(node.props?.workspaceRoot ?? ""))}`);
    expect(agents).toEqual(
      expect.arrayContaining(["claude-code api", "cursor api/packages/worker", "vscode-copilot web", "github-actions bot", "codex home/dev/src/tool"]),
    );
    // Claude Code's user-level settings in the home folder apply to every project; the home is no project.
    expect(agents.filter((agent) => agent.startsWith("claude-code")).length).toBeGreaterThanOrEqual(4);
    expect(agents).not.toContain("claude-code home/dev");
    expect((batch.warnings ?? []).filter((warning) => warning.code === "workspace:scan_refused")).toEqual([]);
  });

  it("still treats a root without any project config as the one project named", { timeout: 30_000 }, async () => {
    const plain = path.join(work, "plain");
    write(path.join(plain, "README.md"), "# plain\n");
    const batch = await workspaceCollector.collect({ roots: [plain], home, machine: "m" }, silentContext(Buffer.alloc(32, 3)));
    const roots = batch.nodes.filter((node) => node.kind === "agent").map((node) => node.props?.workspaceRoot);
    expect(roots).toContain(plain);
  });
});
