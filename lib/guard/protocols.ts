/**
 * Each agent's pre-call hook protocol: its stdin JSON → a GuardCall, and a decision → its stdout and exit
 * code. Checked against each tool's documentation and source (fixtures of their payload shapes are in
 * protocols.fixtures.ts):
 * - Claude Code PreToolUse {session_id, cwd, tool_name, tool_input}: hookSpecificOutput.permissionDecision
 *   deny | ask with permissionDecisionReason, exit 0. Shell is `Bash`; MCP tools `mcp__server__tool`.
 * - Cursor beforeShellExecution {command, cwd, workspace_roots} / beforeMCPExecution {tool_name, tool_input
 *   (a JSON string), url | command}: {permission, user_message, agent_message}. Its "ask" is not reliable
 *   (an allow-listed command runs anyway, Auto-review ignores it), so the guard never asks Cursor.
 * - Gemini CLI BeforeTool {cwd, tool_name, tool_input, mcp_context?}: {decision: "deny", reason}; no ask.
 *   Shell is `run_shell_command` {command, dir_path?}; MCP tools `mcp__server__tool`.
 * - Codex PreToolUse {cwd, tool_name: "Bash", tool_input: {command}}: a deny needs a non-empty reason;
 *   "allow" without updatedInput and "ask" are rejected as invalid output (the call then runs): never ask,
 *   and say nothing to allow.
 * - Copilot CLI preToolUse {timestamp, cwd, toolName, toolArgs (a JSON string)}: {permissionDecision,
 *   permissionDecisionReason}; only "deny" is processed, so no ask.
 * - Windsurf pre_run_command {tool_info: {command_line, cwd}} / pre_mcp_tool_use {tool_info: {mcp_server_name,
 *   mcp_tool_name, mcp_tool_arguments}}: exit 2 blocks with stderr as the reason; no ask.
 * Where the protocol cannot ask reliably, "ask" and "approval" are answered as a deny whose reason says how
 * to get the call allowed. An allow is said as nothing (or the protocol's neutral answer) wherever the
 * protocol allows it: the guard never approves on the agent's behalf what its own permission rules would
 * have asked about (Claude Code's "allow" skips its permission prompt).
 */
import path from "node:path";
import type { GuardAgent, GuardCall, GuardDecision, HookOutput } from "@/lib/guard/types";

export interface ParsedHookInput {
  call: GuardCall;
  sessionId?: string;
}

type Json = Record<string, unknown>;

const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
const obj = (v: unknown): Json => {
  if (v && typeof v === "object" && !Array.isArray(v)) return v as Json;
  if (typeof v === "string") {
    try {
      const parsed = JSON.parse(v) as unknown;
      return parsed && typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as Json) : {};
    } catch {
      return {};
    }
  }
  return {};
};
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);

/** `command` as a string, or Codex's argv form `["bash", "-lc", "…"]`. */
function commandText(v: unknown): string | undefined {
  if (typeof v === "string") return v;
  const argv = strings(v);
  if (argv.length === 0) return undefined;
  if (argv.length >= 3 && /(?:^|\/)(?:ba|z|da)?sh$/.test(argv[0]) && /^-[a-z]*c$/.test(argv[1])) return argv[2];
  return argv.map((a) => (/^[\w./:=@%+-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(" ");
}

const SHELL_TOOLS = new Set(["bash", "shell", "run_shell_command", "exec_command", "local_shell", "terminal", "run_terminal_cmd", "powershell", "container.exec", "runinterminal", "run_in_terminal"]);

/** `mcp__server__tool` (Claude Code, Codex), `mcp_server_tool` (Gemini), `server/tool`. */
function mcpName(tool: string): { server: string; tool: string } | undefined {
  const dunder = /^mcp__(.+?)__(.+)$/.exec(tool);
  if (dunder) return { server: dunder[1], tool: dunder[2] };
  const gemini = /^mcp_([^_]+)_(.+)$/.exec(tool);
  if (gemini) return { server: gemini[1], tool: gemini[2] };
  return undefined;
}

/** The directory a shell tool runs in: Codex `workdir`, Gemini `dir_path` (relative to the project). */
function shellCwd(input: Json, cwd: string): string {
  const dir = str(input.cwd) ?? str(input.workdir) ?? str(input.dir_path) ?? str(input.directory);
  return dir ? path.resolve(cwd, dir) : cwd;
}

function toolCall(tool: string, input: Json, cwd: string, roots: string[], mcpContext?: Json): GuardCall {
  if (SHELL_TOOLS.has(tool.toLowerCase())) {
    const command = commandText(input.command ?? input.cmd ?? input.commandLine);
    if (command !== undefined) return { type: "shell", command, cwd: shellCwd(input, cwd), workspaceRoots: roots, tool };
  }
  const mcp = mcpName(tool);
  if (mcp) return { type: "mcp", server: mcp.server, tool: mcp.tool, input, cwd, workspaceRoots: roots };
  // Gemini CLI names the server in mcp_context when the tool name alone does not.
  const server = mcpContext ? str(mcpContext.server_name) : undefined;
  if (server) return { type: "mcp", server, tool: str(mcpContext?.tool_name) ?? tool, input, cwd, workspaceRoots: roots };
  return { type: "other", tool, cwd, workspaceRoots: roots, input };
}

/** Throws on JSON that is not the agent's payload; the caller turns that into a fail-closed answer. */
export function parseHookInput(agent: GuardAgent, stdin: string, fallbackCwd: string): ParsedHookInput {
  let data: unknown;
  try {
    data = JSON.parse(stdin);
  } catch {
    // Never the parser's words: they quote the input, which may hold a secret, into the answer and the log.
    throw new Error("the hook input is not valid JSON");
  }
  if (!data || typeof data !== "object" || Array.isArray(data)) throw new Error("the hook input is not a JSON object");
  const d = data as Json;
  const cwd = str(d.cwd) ?? fallbackCwd;
  const roots = strings(d.workspace_roots);
  const sessionId = str(d.session_id) ?? str(d.conversation_id) ?? str(d.trajectory_id);
  switch (agent) {
    case "claude-code":
    case "codex":
    case "gemini": {
      const tool = str(d.tool_name);
      if (!tool) throw new Error("the hook input has no tool_name");
      const mcpContext = d.mcp_context && typeof d.mcp_context === "object" ? obj(d.mcp_context) : undefined;
      return { call: toolCall(tool, obj(d.tool_input), cwd, roots, mcpContext), sessionId };
    }
    case "cursor": {
      const event = str(d.hook_event_name);
      if (typeof d.command === "string" && event !== "beforeMCPExecution" && d.tool_name === undefined) {
        return { call: { type: "shell", command: d.command, cwd, workspaceRoots: roots, tool: "shell" }, sessionId };
      }
      const tool = str(d.tool_name);
      if (!tool) throw new Error("the hook input has neither command nor tool_name");
      if (event === "beforeMCPExecution" || d.url !== undefined || (d.command !== undefined && d.tool_input !== undefined)) {
        const endpoint = str(d.url) ?? str(d.command);
        const server = str(d.server_name) ?? serverFromEndpoint(endpoint ?? "");
        return { call: { type: "mcp", server, tool, input: obj(d.tool_input), cwd, workspaceRoots: roots, endpoint: endpoint?.slice(0, 500) }, sessionId };
      }
      return { call: toolCall(tool, obj(d.tool_input), cwd, roots), sessionId };
    }
    case "copilot": {
      const tool = str(d.toolName) ?? str(d.tool_name);
      if (!tool) throw new Error("the hook input has no toolName");
      const input = obj(d.toolArgs ?? d.tool_input);
      const mcp = copilotMcpName(tool);
      if (mcp) return { call: { type: "mcp", server: mcp.server, tool: mcp.tool, input, cwd, workspaceRoots: roots }, sessionId };
      return { call: toolCall(tool, input, cwd, roots), sessionId };
    }
    case "windsurf": {
      const action = str(d.agent_action_name);
      if (!action) throw new Error("the hook input has no agent_action_name");
      const info = obj(d.tool_info);
      const wcwd = str(info.cwd) ?? cwd;
      if (action === "pre_run_command") {
        const command = str(info.command_line);
        if (command === undefined) throw new Error("pre_run_command without tool_info.command_line");
        return { call: { type: "shell", command, cwd: wcwd, workspaceRoots: roots, tool: "run_command" }, sessionId };
      }
      if (action === "pre_mcp_tool_use") {
        return { call: { type: "mcp", server: str(info.mcp_server_name) ?? "unknown", tool: str(info.mcp_tool_name) ?? "unknown", input: obj(info.mcp_tool_arguments), cwd: wcwd, workspaceRoots: roots }, sessionId };
      }
      // pre_write_code {file_path, edits}, pre_read_code {file_path}: file tools, checked for the guard's own files.
      return { call: { type: "other", tool: action.replace(/^pre_/, ""), cwd: wcwd, workspaceRoots: roots, input: info }, sessionId };
    }
    default: {
      const never: never = agent;
      throw new Error(`unknown agent ${String(never)}`);
    }
  }
}

/**
 * Copilot CLI names an MCP tool `<server-key>-<tool>` (its built-in tools are snake_case words without a
 * hyphen). A server key may hold hyphens itself: `github-mcp-server-delete_repository` is the server
 * `github-mcp-server`; otherwise the first word is the server (`railway-project-delete`).
 */
function copilotMcpName(tool: string): { server: string; tool: string } | undefined {
  if (tool.startsWith("mcp__")) return mcpName(tool);
  const suffixed = /^(.+?-mcp(?:-server)?)-(.+)$/.exec(tool);
  if (suffixed) return { server: suffixed[1], tool: suffixed[2] };
  const first = /^([^-]+)-(.+)$/.exec(tool);
  return first ? { server: first[1], tool: first[2] } : undefined;
}

/** `npx -y @railway/mcp-server` or `https://mcp.railway.com/…` → "railway". */
function serverFromEndpoint(endpoint: string): string {
  const m = /(railway|github|neon|supabase|vercel|cloudflare|stripe|kubernetes|k8s|postgres|aws|linear|notion)/i.exec(endpoint);
  return m ? m[1].toLowerCase() : endpoint.slice(0, 60) || "unknown";
}

/**
 * Whether the protocol honours "ask" reliably: Claude Code only. Cursor runs an allow-listed command
 * whatever the hook asks, Copilot CLI processes only "deny", Codex rejects "ask" and runs the call, and
 * Gemini CLI and Windsurf have no ask at all.
 */
export function canAsk(agent: GuardAgent): boolean {
  return agent === "claude-code";
}

function howToAllow(decision: GuardDecision): string {
  return decision.verdict === "ask"
    ? `${decision.reason} This agent cannot ask you to confirm, so the guard blocked it: run it yourself, or allow it in the guard policy (.blastmap/guard-policy.json).`
    : decision.reason;
}

/** What the agent is told: "approval" is a deny until approvals exist; "ask" only where the agent honours it. */
export function protocolAnswer(agent: GuardAgent, decision: GuardDecision): "allow" | "ask" | "deny" {
  if (decision.verdict === "allow") return "allow";
  return decision.verdict === "ask" && canAsk(agent) ? "ask" : "deny";
}

/** The decision in the agent's protocol. */
export function renderDecision(agent: GuardAgent, decision: GuardDecision, event?: string): HookOutput {
  const answer = protocolAnswer(agent, decision);
  const reason = answer === "deny" ? howToAllow(decision) : decision.reason;
  const silent: HookOutput = { stdout: "", stderr: "", exitCode: 0 };
  switch (agent) {
    case "claude-code":
      // Nothing to say lets Claude Code's own permission rules and prompts decide, as without the guard.
      if (answer === "allow") return silent;
      return { stdout: JSON.stringify({ hookSpecificOutput: { hookEventName: "PreToolUse", permissionDecision: answer, permissionDecisionReason: reason } }), stderr: "", exitCode: 0 };
    case "codex":
      // Codex: "allow" without updatedInput and "ask" are invalid output; silence lets the call run.
      if (answer === "allow") return silent;
      return { stdout: JSON.stringify({ hookSpecificOutput: { hookEventName: "PreToolUse", permissionDecision: "deny", permissionDecisionReason: reason } }), stderr: "", exitCode: 0 };
    case "cursor":
      // Cursor's "allow" does not override its own approval prompts, so it is safe to say.
      return { stdout: JSON.stringify({ permission: answer, user_message: reason, agent_message: reason }), stderr: "", exitCode: 0 };
    case "gemini":
      // An empty object leaves the decision to Gemini CLI's policy engine.
      return { stdout: answer === "allow" ? "{}" : JSON.stringify({ decision: "deny", reason }), stderr: "", exitCode: 0 };
    case "copilot":
      // "Omit output to allow"; only "deny" is processed.
      if (answer === "allow") return silent;
      return { stdout: JSON.stringify({ permissionDecision: "deny", permissionDecisionReason: reason }), stderr: "", exitCode: 0 };
    case "windsurf":
      return answer === "allow" ? { stdout: "", stderr: "", exitCode: 0 } : { stdout: "", stderr: reason, exitCode: 2 };
    default: {
      const never: never = agent;
      throw new Error(`unknown agent ${String(never)}${event ?? ""}`);
    }
  }
}
