/**
 * Each agent's pre-call hook stdin, in the shapes its documentation shows (fields and nesting copied from
 * the examples there; values are ours). Used by protocols.test.ts and by the corpus, which runs every call
 * through every agent's own payload. Sources, read 2026-12:
 * - Claude Code: code.claude.com/docs/en/hooks (PreToolUse input).
 * - Cursor: cursor.com/docs/agent/hooks (beforeShellExecution, beforeMCPExecution; common fields).
 * - Gemini CLI: google-gemini/gemini-cli docs/hooks/reference.md (base input + BeforeTool), tools/shell.ts
 *   (run_shell_command {command, description, dir_path}).
 * - Codex: openai/codex codex-rs/hooks/schema/generated/pre-tool-use.command.input.schema.json.
 * - Copilot CLI: docs.github.com copilot cli hooks reference (preToolUse: toolArgs is a JSON string).
 * - Windsurf: docs.windsurf.com/windsurf/cascade/hooks (agent_action_name, tool_info).
 */
import type { GuardAgent } from "@/lib/guard/types";

export interface PayloadContext {
  cwd: string;
  /** Cursor sends the workspace roots; the others leave them to the environment or the snapshot. */
  workspaceRoots?: string[];
}

export interface McpCallShape {
  server: string;
  tool: string;
  input: Record<string, unknown>;
  /** How Cursor names the server: the command it runs or its URL. */
  endpoint?: { command: string } | { url: string };
}

const TIMESTAMP = "2026-12-06T08:00:00.000Z";

/** A shell call as `agent` sends it to its pre-call hook. */
export function shellPayload(agent: GuardAgent, command: string, ctx: PayloadContext): Record<string, unknown> {
  const roots = ctx.workspaceRoots ?? [ctx.cwd];
  switch (agent) {
    case "claude-code":
      return { session_id: "abc123", transcript_path: "/tmp/t.jsonl", cwd: ctx.cwd, permission_mode: "default", hook_event_name: "PreToolUse", tool_name: "Bash", tool_input: { command, description: "Run it" }, tool_use_id: "toolu_01" };
    case "cursor":
      return { conversation_id: "c1", generation_id: "g1", model: "auto", hook_event_name: "beforeShellExecution", cursor_version: "1.7.2", workspace_roots: roots, user_email: null, command, cwd: ctx.cwd };
    case "gemini":
      return { session_id: "s1", transcript_path: "/tmp/t.json", cwd: ctx.cwd, hook_event_name: "BeforeTool", timestamp: TIMESTAMP, tool_name: "run_shell_command", tool_input: { command, description: "Run it" } };
    case "codex":
      return { session_id: "s1", transcript_path: null, cwd: ctx.cwd, hook_event_name: "PreToolUse", model: "gpt-5-codex", permission_mode: "default", tool_name: "Bash", tool_input: { command }, tool_use_id: "call_1" };
    case "copilot":
      return { timestamp: 1704614600000, cwd: ctx.cwd, toolName: "bash", toolArgs: JSON.stringify({ command, description: "Run it" }) };
    case "windsurf":
      return { agent_action_name: "pre_run_command", trajectory_id: "t1", execution_id: "e1", timestamp: TIMESTAMP, tool_info: { command_line: command, cwd: ctx.cwd } };
    default: {
      const never: never = agent;
      throw new Error(`unknown agent ${String(never)}`);
    }
  }
}

/** An MCP tool call as `agent` sends it. Copilot CLI hooks see MCP tools as `server-tool`. */
export function mcpPayload(agent: GuardAgent, call: McpCallShape, ctx: PayloadContext): Record<string, unknown> {
  const roots = ctx.workspaceRoots ?? [ctx.cwd];
  const dunder = `mcp__${call.server}__${call.tool}`;
  switch (agent) {
    case "claude-code":
      return { session_id: "abc123", transcript_path: "/tmp/t.jsonl", cwd: ctx.cwd, permission_mode: "default", hook_event_name: "PreToolUse", tool_name: dunder, tool_input: call.input, tool_use_id: "toolu_02" };
    case "cursor":
      return {
        conversation_id: "c1",
        generation_id: "g1",
        model: "auto",
        hook_event_name: "beforeMCPExecution",
        cursor_version: "1.7.2",
        workspace_roots: roots,
        user_email: null,
        tool_name: call.tool,
        tool_input: JSON.stringify(call.input),
        ...(call.endpoint ?? { command: `npx -y @${call.server}/mcp-server` }),
      };
    case "gemini":
      return { session_id: "s1", transcript_path: "/tmp/t.json", cwd: ctx.cwd, hook_event_name: "BeforeTool", timestamp: TIMESTAMP, tool_name: dunder, tool_input: call.input, mcp_context: { server_name: call.server, tool_name: call.tool } };
    case "codex":
      return { session_id: "s1", transcript_path: null, cwd: ctx.cwd, hook_event_name: "PreToolUse", model: "gpt-5-codex", permission_mode: "default", tool_name: dunder, tool_input: call.input, tool_use_id: "call_2" };
    case "copilot":
      return { timestamp: 1704614600000, cwd: ctx.cwd, toolName: `${call.server}-${call.tool}`, toolArgs: JSON.stringify(call.input) };
    case "windsurf":
      return { agent_action_name: "pre_mcp_tool_use", trajectory_id: "t1", execution_id: "e2", timestamp: TIMESTAMP, tool_info: { mcp_server_name: call.server, mcp_tool_name: call.tool, mcp_tool_arguments: call.input } };
    default: {
      const never: never = agent;
      throw new Error(`unknown agent ${String(never)}`);
    }
  }
}

/**
 * How the agent's answer reads: "allow" (nothing said, or the protocol's allow), "ask", or "deny" (deny
 * JSON, or exit code 2). Throws on an answer the agent would not understand.
 */
export function readAnswer(agent: GuardAgent, out: { stdout: string; stderr: string; exitCode: number }): { answer: "allow" | "ask" | "deny"; reason?: string } {
  if (agent === "windsurf") {
    if (out.exitCode === 2) return { answer: "deny", reason: out.stderr };
    if (out.exitCode === 0 && out.stdout === "") return { answer: "allow" };
    throw new Error(`windsurf: unexpected exit ${out.exitCode} / stdout ${out.stdout.slice(0, 80)}`);
  }
  if (out.exitCode !== 0) throw new Error(`${agent}: exit code ${out.exitCode} (only Windsurf answers with exit codes)`);
  if (out.stdout === "") {
    if (agent === "cursor") throw new Error("cursor: an answer must say its permission");
    return { answer: "allow" };
  }
  const json = JSON.parse(out.stdout) as Record<string, unknown>;
  switch (agent) {
    case "claude-code":
    case "codex": {
      const h = json.hookSpecificOutput as { hookEventName?: string; permissionDecision?: string; permissionDecisionReason?: string };
      if (h?.hookEventName !== "PreToolUse") throw new Error(`${agent}: hookSpecificOutput.hookEventName must be PreToolUse`);
      const d = h.permissionDecision;
      if (agent === "codex" && d !== "deny") throw new Error(`codex: permissionDecision ${String(d)} is invalid output to Codex`);
      if (d !== "deny" && d !== "ask") throw new Error(`${agent}: permissionDecision ${String(d)}`);
      if (!h.permissionDecisionReason?.trim()) throw new Error(`${agent}: a ${d} needs a reason`);
      return { answer: d, reason: h.permissionDecisionReason };
    }
    case "cursor": {
      const p = json.permission;
      if (p !== "allow" && p !== "deny" && p !== "ask") throw new Error(`cursor: permission ${String(p)}`);
      return { answer: p, reason: String(json.user_message ?? "") };
    }
    case "gemini": {
      if (Object.keys(json).length === 0) return { answer: "allow" };
      if (json.decision !== "deny" || typeof json.reason !== "string" || !json.reason.trim()) throw new Error(`gemini: ${out.stdout.slice(0, 80)}`);
      return { answer: "deny", reason: json.reason };
    }
    case "copilot": {
      if (json.permissionDecision !== "deny" || typeof json.permissionDecisionReason !== "string") throw new Error(`copilot: ${out.stdout.slice(0, 80)}`);
      return { answer: "deny", reason: json.permissionDecisionReason };
    }
    default:
      throw new Error(`unknown agent ${agent}`);
  }
}
