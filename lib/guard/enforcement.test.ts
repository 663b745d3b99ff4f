import { describe, expect, it } from "vitest";
import { enforcementByClass, guardCoversAllCalls, hookCovers, readPreCallHooks, type PreCallHook } from "@/lib/guard/enforcement";

const hook = (over: Partial<PreCallHook>): PreCallHook => ({
  event: "PreToolUse",
  enforcer: "blastmap-guard",
  commandPreview: "/usr/bin/node /opt/blastmap/bin/blastmap.mjs guard hook --agent claude-code",
  file: "/home/dana/projects/storefront/.claude/settings.json",
  ...over,
});
const levels = (props: Record<string, unknown>) => enforcementByClass(props).map((row) => `${row.class}:${row.level}`);

describe("where enforcement lives, per destructive class", () => {
  it("the Blastmap guard on shell and MCP calls: approval for D1/D2, ask for D3–D5 where the agent can ask", () => {
    const props = { agentKind: "claude-code", approvalMode: "bypass", preCallHooks: [hook({ matcher: "Bash|mcp__.*" })] };
    const rows = enforcementByClass(props);
    expect(rows.map((r) => r.class)).toEqual(["D1", "D2", "D3", "D4", "D5"]);
    expect(rows.every((r) => r.level === "blastmap-guard")).toBe(true);
    expect(rows[0].summary).toMatch(/until a person approves it/);
    expect(rows[2].summary).toMatch(/asks a person/);
    expect(rows[0].details).toEqual(["Pre-call hook in /home/dana/projects/storefront/.claude/settings.json"]);
    expect(guardCoversAllCalls(props)).toBe(true);
  });

  it("Codex cannot ask: D3–D5 are denied with how to get them allowed", () => {
    const rows = enforcementByClass({ agentKind: "codex", preCallHooks: [hook({ matcher: undefined })] });
    expect(rows[3].summary).toMatch(/Denied with how to get it allowed/);
  });

  it("a guard on shell calls only says MCP calls slip past, and does not count as covering every call", () => {
    const props = { agentKind: "cursor", preCallHooks: [hook({ event: "beforeShellExecution" })] };
    expect(levels(props)[0]).toBe("D1:blastmap-guard");
    expect(enforcementByClass(props)[0].details).toContain("MCP tool calls do not go through it: install the guard again to cover them.");
    expect(guardCoversAllCalls(props)).toBe(false);
    expect(guardCoversAllCalls({ preCallHooks: [hook({ event: "beforeShellExecution" }), hook({ event: "beforeMCPExecution" })] })).toBe(true);
  });

  it("a third-party hook, the agent's own rules, or nothing but the prompt", () => {
    expect(levels({ approvalMode: "bypass", preCallHooks: [hook({ enforcer: "third-party", matcher: "Bash", commandPreview: "./audit.sh" })] })).toContain("D1:third-party-hook");
    expect(levels({ approvalMode: "default" })).toContain("D2:permission-rules");
    expect(levels({ approvalMode: "bypass", rules: { allow: [], ask: [], deny: ["Bash(rm -rf:*)"] } })).toContain("D1:permission-rules");
    // A deny rule that does not hold (Read(.env) with an unrestricted shell) stops nothing.
    expect(levels({ approvalMode: "bypass", rules: { allow: [], ask: [], deny: ["Read(./.env)"] }, ineffectiveDenies: ["Read(./.env)"] })).toContain("D1:prompt-only");
    expect(levels({ approvalMode: "bypass" })).toEqual(["D1:prompt-only", "D2:prompt-only", "D3:prompt-only", "D4:prompt-only", "D5:prompt-only"]);
  });

  it("a hook whose matcher misses the shell tool does not count; malformed entries are dropped; long text is bounded", () => {
    expect(hookCovers(hook({ matcher: "Write|Edit" }), "shell")).toBe(false);
    expect(hookCovers(hook({ matcher: "mcp__.*" }), "mcp")).toBe(true);
    expect(hookCovers(hook({ matcher: "(" }), "shell")).toBe(false);
    expect(hookCovers(hook({ event: "BeforeTool", matcher: "run_shell_command|mcp_.*" }), "mcp")).toBe(true);
    expect(hookCovers(hook({ event: "PostToolUse", matcher: "*" }), "shell")).toBe(false);
    expect(readPreCallHooks({ preCallHooks: [{ event: "PreToolUse" }, "x", null, hook({})] })).toHaveLength(1);
    const long = enforcementByClass({ preCallHooks: [hook({ enforcer: "third-party", matcher: "*", commandPreview: "x".repeat(5000) })] });
    expect(long[0].details[0].length).toBeLessThan(300);
  });
});
