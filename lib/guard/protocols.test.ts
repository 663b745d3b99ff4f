import { describe, expect, it } from "vitest";
import { canAsk, parseHookInput, protocolAnswer, renderDecision } from "@/lib/guard/protocols";
import { mcpPayload, readAnswer, shellPayload } from "@/lib/guard/testing/hook-payloads";
import { GUARD_AGENTS, type GuardDecision } from "@/lib/guard/types";

const cwd = "/home/dev/shop";
const deny: GuardDecision = { verdict: "deny", reason: "volumeDelete (D1) with the Railway account token fa4e…cafe. Blocked by the guard policy." };
const ask: GuardDecision = { verdict: "ask", reason: "kubectl delete deployment (D3). Confirm only if this is what you intended." };
const approval: GuardDecision = { verdict: "approval", reason: "DROP TABLE (D1) on orders. Approval required: a person can run it." };
const allow: GuardDecision = { verdict: "allow", reason: "Nothing destructive found in this call." };

describe("reading each agent's hook input", () => {
  for (const agent of GUARD_AGENTS) {
    it(`${agent}: a shell call in its documented shape is the command and its directory`, () => {
      const { call } = parseHookInput(agent, JSON.stringify(shellPayload(agent, "psql -c 'drop table x'", { cwd })), "/elsewhere");
      expect(call).toMatchObject({ type: "shell", command: "psql -c 'drop table x'", cwd });
    });
    it(`${agent}: an MCP call names its server and tool`, () => {
      const { call } = parseHookInput(agent, JSON.stringify(mcpPayload(agent, { server: "railway", tool: "volume_delete", input: { volumeId: "v1" } }, { cwd })), cwd);
      expect(call).toMatchObject({ type: "mcp", server: "railway", tool: "volume_delete", input: { volumeId: "v1" } });
    });
  }

  it("Cursor: the MCP server comes from the command or URL it runs, and tool_input is a JSON string", () => {
    const byUrl = parseHookInput("cursor", JSON.stringify(mcpPayload("cursor", { server: "x", tool: "delete_repository", input: { repo: "shop" }, endpoint: { url: "https://api.githubcopilot.com/mcp/" } }, { cwd })), cwd);
    expect(byUrl.call).toMatchObject({ type: "mcp", server: "github", tool: "delete_repository", input: { repo: "shop" } });
  });

  it("Gemini CLI: dir_path is relative to the project, and mcp_context names the server of a bare tool name", () => {
    const shell = { ...shellPayload("gemini", "ls", { cwd }), tool_input: { command: "ls", dir_path: "packages/api" } };
    expect(parseHookInput("gemini", JSON.stringify(shell), cwd).call).toMatchObject({ type: "shell", cwd: `${cwd}/packages/api` });
    const bare = { ...mcpPayload("gemini", { server: "neon", tool: "delete_project", input: {} }, { cwd }), tool_name: "delete_project" };
    expect(parseHookInput("gemini", JSON.stringify(bare), cwd).call).toMatchObject({ type: "mcp", server: "neon", tool: "delete_project" });
  });

  it("Copilot CLI: toolArgs is a JSON string; MCP tools are <server>-<tool>, the server key may hold hyphens", () => {
    const gh = { timestamp: 1, cwd, toolName: "github-mcp-server-delete_repository", toolArgs: JSON.stringify({ owner: "acme", repo: "shop" }) };
    expect(parseHookInput("copilot", JSON.stringify(gh), cwd).call).toMatchObject({ type: "mcp", server: "github-mcp-server", tool: "delete_repository", input: { owner: "acme" } });
    const view = { timestamp: 1, cwd, toolName: "view", toolArgs: JSON.stringify({ path: "README.md" }) };
    expect(parseHookInput("copilot", JSON.stringify(view), cwd).call).toMatchObject({ type: "other", tool: "view" });
  });

  it("Codex: the argv form of a command is read as the script it runs", () => {
    const payload = { ...shellPayload("codex", "", { cwd }), tool_name: "shell", tool_input: { command: ["bash", "-lc", "terraform destroy"], workdir: "infra" } };
    expect(parseHookInput("codex", JSON.stringify(payload), cwd).call).toMatchObject({ type: "shell", command: "terraform destroy", cwd: `${cwd}/infra` });
  });

  it("throws on input that is not the agent's payload (the hook turns it into a deny)", () => {
    expect(() => parseHookInput("claude-code", "not json", cwd)).toThrow();
    expect(() => parseHookInput("claude-code", "[]", cwd)).toThrow(/not a JSON object/);
    expect(() => parseHookInput("codex", JSON.stringify({ cwd }), cwd)).toThrow(/tool_name/);
    expect(() => parseHookInput("copilot", JSON.stringify({ cwd }), cwd)).toThrow(/toolName/);
    expect(() => parseHookInput("windsurf", JSON.stringify({ agent_action_name: "pre_run_command", tool_info: {} }), cwd)).toThrow(/command_line/);
  });
});

describe("answering in each agent's protocol", () => {
  it("asks only Claude Code; every other agent gets a deny that says how to get the call allowed", () => {
    expect(GUARD_AGENTS.filter(canAsk)).toEqual(["claude-code"]);
    for (const agent of GUARD_AGENTS.filter((a) => a !== "claude-code")) {
      const { answer, reason } = readAnswer(agent, renderDecision(agent, ask));
      expect(answer).toBe("deny");
      expect(reason).toContain("This agent cannot ask you to confirm, so the guard blocked it");
    }
    expect(readAnswer("claude-code", renderDecision("claude-code", ask))).toEqual({ answer: "ask", reason: ask.reason });
  });

  it("blocks a deny and an approval in every agent's own terms, with the reason", () => {
    for (const agent of GUARD_AGENTS) {
      for (const decision of [deny, approval]) {
        const out = renderDecision(agent, decision);
        expect(readAnswer(agent, out)).toEqual({ answer: "deny", reason: decision.reason });
        expect(protocolAnswer(agent, decision)).toBe("deny");
      }
    }
    expect(renderDecision("windsurf", deny)).toEqual({ stdout: "", stderr: deny.reason, exitCode: 2 });
    expect(JSON.parse(renderDecision("gemini", deny).stdout)).toEqual({ decision: "deny", reason: deny.reason });
    expect(JSON.parse(renderDecision("copilot", deny).stdout)).toEqual({ permissionDecision: "deny", permissionDecisionReason: deny.reason });
    expect(JSON.parse(renderDecision("codex", approval).stdout)).toEqual({ hookSpecificOutput: { hookEventName: "PreToolUse", permissionDecision: "deny", permissionDecisionReason: approval.reason } });
  });

  it("never tells Codex ask or allow (both are invalid output there, and the call would run)", () => {
    for (const decision of [ask, approval, deny]) expect(JSON.parse(renderDecision("codex", decision).stdout).hookSpecificOutput.permissionDecision).toBe("deny");
    expect(renderDecision("codex", allow)).toEqual({ stdout: "", stderr: "", exitCode: 0 });
  });

  it("says nothing to allow, so the agent's own permission rules still apply (Cursor: its documented allow)", () => {
    for (const agent of ["claude-code", "codex", "copilot", "windsurf"] as const) expect(renderDecision(agent, allow)).toEqual({ stdout: "", stderr: "", exitCode: 0 });
    expect(renderDecision("gemini", allow).stdout).toBe("{}");
    expect(JSON.parse(renderDecision("cursor", allow).stdout)).toMatchObject({ permission: "allow" });
  });
});
