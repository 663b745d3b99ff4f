/**
 * Each agent's pre-call hook protocol: its stdin JSON → a GuardCall, and a decision → its stdout and exit
 * code. Facts from each tool's documentation (see lib/guard/README.md for the sources):
 * - Claude Code PreToolUse: {tool_name, tool_input, cwd}; answers hookSpecificOutput.permissionDecision
 *   allow | deny | ask with permissionDecisionReason, exit 0. Shell is `Bash`; MCP tools `mcp__server__tool`.
 * - Cursor beforeShellExecution {command, cwd, workspace_roots} / beforeMCPExecution {tool_name, tool_input,
 *   url | command}: answers {permission, user_message, agent_message}. "ask" is ignored in Auto-review mode.
 * - Gemini CLI BeforeTool {tool_name, tool_input, cwd}: {decision: "deny", reason}; no ask.
 * - Codex PreToolUse: like Claude Code, but "ask" is unsupported (the call then runs) and a deny needs a
 *   reason: never ask.
 * - Copilot CLI preToolUse {toolName, toolArgs (a JSON string), cwd}: {permissionDecision, permissionDecisionReason}.
 * - Windsurf pre_run_command {tool_info: {command_line, cwd}} / pre_mcp_tool_use {tool_info: {mcp_server_name,
 *   mcp_tool_name, mcp_tool_arguments}}: exit 2 blocks, stderr is shown; no ask.
 * Where the protocol cannot ask reliably, "ask" and "approval" are answered as a deny whose reason says how
 * to get the call allowed.
 */
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

function toolCall(tool: string, input: Json, cwd: string, roots: string[]): GuardCall {
  if (SHELL_TOOLS.has(tool.toLowerCase())) {
    const command = commandText(input.command ?? input.cmd ?? input.commandLine);
    if (command !== undefined) return { type: "shell", command, cwd: str(input.cwd) ?? str(input.workdir) ?? cwd, workspaceRoots: roots, tool };
  }
  const mcp = mcpName(tool);
  if (mcp) return { type: "mcp", server: mcp.server, tool: mcp.tool, input, cwd, workspaceRoots: roots };
  return { type: "other", tool, cwd, workspaceRoots: roots };
}

/** Throws on JSON that is not the agent's payload; the caller turns that into a fail-closed answer. */
export function parseHookInput(agent: GuardAgent, stdin: string, fallbackCwd: string): ParsedHookInput {
  const data = JSON.parse(stdin) as unknown;
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
      return { call: toolCall(tool, obj(d.tool_input), cwd, roots), sessionId };
    }
    case "cursor": {
      const event = str(d.hook_event_name);
      if (typeof d.command === "string" && event !== "beforeMCPExecution" && d.tool_name === undefined) {
        return { call: { type: "shell", command: d.command, cwd, workspaceRoots: roots, tool: "shell" }, sessionId };
      }
      const tool = str(d.tool_name);
      if (!tool) throw new Error("the hook input has neither command nor tool_name");
      if (event === "beforeMCPExecution" || d.url !== undefined || (d.command !== undefined && d.tool_input !== undefined)) {
        const server = str(d.server_name) ?? serverFromEndpoint(str(d.url) ?? str(d.command) ?? "");
        return { call: { type: "mcp", server, tool, input: obj(d.tool_input), cwd, workspaceRoots: roots }, sessionId };
      }
      return { call: toolCall(tool, obj(d.tool_input), cwd, roots), sessionId };
    }
    case "copilot": {
      const tool = str(d.toolName) ?? str(d.tool_name);
      if (!tool) throw new Error("the hook input has no toolName");
      return { call: toolCall(tool, obj(d.toolArgs ?? d.tool_input), cwd, roots), sessionId };
    }
    case "windsurf": {
      const action = str(d.agent_action_name);
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
      return { call: { type: "other", tool: action ?? "unknown", cwd: wcwd, workspaceRoots: roots }, sessionId };
    }
    default: {
      const never: never = agent;
      throw new Error(`unknown agent ${String(never)}`);
    }
  }
}

/** `npx -y @railway/mcp-server` or `https://mcp.railway.com/…` → "railway". */
function serverFromEndpoint(endpoint: string): string {
  const m = /(railway|github|neon|supabase|vercel|cloudflare|stripe|kubernetes|k8s|postgres|aws|linear|notion)/i.exec(endpoint);
  return m ? m[1].toLowerCase() : endpoint.slice(0, 60) || "unknown";
}

/** Whether the protocol honours "ask" reliably. */
export function canAsk(agent: GuardAgent): boolean {
  return agent === "claude-code" || agent === "copilot" || agent === "cursor";
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
  switch (agent) {
    case "claude-code":
      return { stdout: JSON.stringify({ hookSpecificOutput: { hookEventName: "PreToolUse", permissionDecision: answer, permissionDecisionReason: reason } }), stderr: "", exitCode: 0 };
    case "codex":
      // Codex: no "allow" or "ask" in its parser; silence lets the call run.
      if (answer === "allow") return { stdout: "", stderr: "", exitCode: 0 };
      return { stdout: JSON.stringify({ hookSpecificOutput: { hookEventName: "PreToolUse", permissionDecision: "deny", permissionDecisionReason: reason } }), stderr: "", exitCode: 0 };
    case "cursor":
      return { stdout: JSON.stringify({ permission: answer, user_message: reason, agent_message: reason }), stderr: "", exitCode: 0 };
    case "gemini":
      return { stdout: JSON.stringify(answer === "allow" ? { decision: "allow" } : { decision: "deny", reason }), stderr: "", exitCode: 0 };
    case "copilot":
      return { stdout: JSON.stringify({ permissionDecision: answer, permissionDecisionReason: reason }), stderr: "", exitCode: 0 };
    case "windsurf":
      return answer === "allow" ? { stdout: "", stderr: "", exitCode: 0 } : { stdout: "", stderr: reason, exitCode: 2 };
    default: {
      const never: never = agent;
      throw new Error(`unknown agent ${String(never)}${event ?? ""}`);
    }
  }
}
