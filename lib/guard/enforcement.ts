/**
 * Where enforcement lives for an agent, per destructive class: the Blastmap guard, a third-party pre-call
 * hook, the agent's own permission rules, or nothing but its instructions ("prompt only"). Read from the
 * agent node's props: `preCallHooks` (the workspace collector parses every agent's hook configs into
 * `{ event, matcher?, enforcer, commandPreview, file }`), `approvalMode` and `rules`. Pure: the agent page
 * and the `ungated-destructive-agent` rule ask the same questions here.
 */
import { canAsk } from "@/lib/guard/protocols";
import { GUARD_AGENTS, type GuardAgent } from "@/lib/guard/types";
import { DESTRUCTIVE_CLASSES, type ActionClass } from "@/lib/graph/types";

export interface PreCallHook {
  event: string;
  matcher?: string;
  enforcer: "blastmap-guard" | "third-party";
  commandPreview: string;
  file: string;
}

export type EnforcementLevel = "blastmap-guard" | "third-party-hook" | "permission-rules" | "prompt-only";

export const ENFORCEMENT_LABEL: Record<EnforcementLevel, string> = {
  "blastmap-guard": "Blastmap guard",
  "third-party-hook": "Third-party hook",
  "permission-rules": "Agent's permission rules",
  "prompt-only": "Prompt only",
};

export interface ClassEnforcement {
  class: ActionClass;
  level: EnforcementLevel;
  /** What happens to a call of this class, in a sentence. */
  summary: string;
  /** Where that is configured, and what it leaves open. */
  details: string[];
}

/** Attacker-controlled text from collected configs: bounded before it is shown. */
const MAX_SHOWN = 120;
const shown = (text: string) => (text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN - 1)}…` : text);

/** The `preCallHooks` prop, keeping only well-formed entries. */
export function readPreCallHooks(props: Record<string, unknown>): PreCallHook[] {
  const value = props.preCallHooks;
  if (!Array.isArray(value)) return [];
  return value.flatMap((item): PreCallHook[] => {
    if (!item || typeof item !== "object") return [];
    const h = item as Record<string, unknown>;
    if (typeof h.event !== "string" || (h.enforcer !== "blastmap-guard" && h.enforcer !== "third-party")) return [];
    return [
      {
        event: h.event,
        ...(typeof h.matcher === "string" ? { matcher: h.matcher } : {}),
        enforcer: h.enforcer,
        commandPreview: typeof h.commandPreview === "string" ? h.commandPreview : "",
        file: typeof h.file === "string" ? h.file : "",
      },
    ];
  });
}

const SHELL_EVENTS = new Set(["beforeShellExecution", "pre_run_command"]);
const MCP_EVENTS = new Set(["beforeMCPExecution", "pre_mcp_tool_use"]);
/** Events that see every tool call, filtered by the hook's matcher. */
const TOOL_EVENTS = new Set(["PreToolUse", "BeforeTool", "preToolUse"]);
/** How each agent names a shell call and an MCP call, as its matchers see them. */
const SHELL_TOOLS = ["Bash", "run_shell_command", "bash", "shell"];
const MCP_TOOLS = ["mcp__server__tool", "mcp_server_tool"];

function matcherMatchesAny(matcher: string | undefined, tools: string[]): boolean {
  if (matcher === undefined || matcher === "" || matcher === "*") return true;
  if (matcher.length > 200) return false;
  try {
    const pattern = new RegExp(`^(?:${matcher})$`);
    return tools.some((tool) => pattern.test(tool));
  } catch {
    return tools.includes(matcher);
  }
}

/** Does this hook run before the agent's shell calls, or its MCP tool calls? */
export function hookCovers(hook: PreCallHook, calls: "shell" | "mcp"): boolean {
  if (SHELL_EVENTS.has(hook.event)) return calls === "shell";
  if (MCP_EVENTS.has(hook.event)) return calls === "mcp";
  if (TOOL_EVENTS.has(hook.event)) return matcherMatchesAny(hook.matcher, calls === "shell" ? SHELL_TOOLS : MCP_TOOLS);
  return false;
}

const UNGATED_MODES: ReadonlySet<string> = new Set(["bypass", "never", "auto", "auto-approve", "yolo", "dangerously-skip-permissions"]);

export function isUngated(approvalMode: unknown): boolean {
  return typeof approvalMode === "string" && UNGATED_MODES.has(approvalMode.toLowerCase());
}

/** Both routes to a destructive call, the shell and MCP tools, go through the Blastmap guard. */
export function guardCoversAllCalls(props: Record<string, unknown>): boolean {
  const guard = readPreCallHooks(props).filter((hook) => hook.enforcer === "blastmap-guard");
  return guard.some((hook) => hookCovers(hook, "shell")) && guard.some((hook) => hookCovers(hook, "mcp"));
}

function ruleCount(props: Record<string, unknown>, list: "ask" | "deny"): number {
  const rules = props.rules as Record<string, unknown> | undefined;
  const value = rules && typeof rules === "object" ? rules[list] : undefined;
  return Array.isArray(value) ? value.length : 0;
}

/** For each destructive class D1–D5, where a call of that class would be stopped, if anywhere. */
export function enforcementByClass(props: Record<string, unknown>): ClassEnforcement[] {
  const hooks = readPreCallHooks(props);
  const guard = hooks.filter((hook) => hook.enforcer === "blastmap-guard");
  const thirdParty = hooks.filter((hook) => hook.enforcer === "third-party");
  const guardShell = guard.find((hook) => hookCovers(hook, "shell"));
  const guardMcp = guard.some((hook) => hookCovers(hook, "mcp"));
  const otherShell = thirdParty.find((hook) => hookCovers(hook, "shell"));
  const agentKind = typeof props.agentKind === "string" ? props.agentKind : "";
  const asks = (GUARD_AGENTS as readonly string[]).includes(agentKind) ? canAsk(agentKind as GuardAgent) : true;
  const mode = typeof props.approvalMode === "string" ? props.approvalMode : null;
  const deny = ruleCount(props, "deny");
  const ask = ruleCount(props, "ask");
  const ineffective = Array.isArray(props.ineffectiveDenies) ? props.ineffectiveDenies.length : 0;

  return DESTRUCTIVE_CLASSES.map((cls): ClassEnforcement => {
    const approval = cls === "D1" || cls === "D2";
    if (guardShell) {
      return {
        class: cls,
        level: "blastmap-guard",
        summary: approval
          ? "Blocked until a person approves it, decided on what the call's credential can destroy."
          : asks
            ? "The agent asks a person before the call runs."
            : "Denied with how to get it allowed (this agent cannot ask).",
        details: [
          `Pre-call hook in ${shown(guardShell.file)}`,
          ...(guardMcp ? [] : ["MCP tool calls do not go through it: install the guard again to cover them."]),
        ],
      };
    }
    if (otherShell) {
      return {
        class: cls,
        level: "third-party-hook",
        summary: "A hook that is not Blastmap's sees shell calls first; what it lets through is not known here.",
        details: [`${shown(otherShell.commandPreview)} (${shown(otherShell.file)})`],
      };
    }
    if (mode !== null && !isUngated(mode)) {
      return {
        class: cls,
        level: "permission-rules",
        summary: `The agent asks before calls it has not been allowed (approval mode "${shown(mode)}"), whatever they destroy.`,
        details: [`${deny} deny and ${ask} ask rules`, ...(ineffective ? [`${ineffective} deny rules that do not hold`] : [])],
      };
    }
    if (deny + ask > ineffective) {
      return {
        class: cls,
        level: "permission-rules",
        summary: `Only calls matching its ${deny} deny and ${ask} ask rules are stopped; everything else runs without approval.`,
        details: [mode ? `Approval mode "${shown(mode)}"` : "No approval mode", ...(ineffective ? [`${ineffective} deny rules that do not hold`] : [])],
      };
    }
    return {
      class: cls,
      level: "prompt-only",
      summary: "Nothing stops the call: only the agent's instructions stand in the way.",
      details: [mode ? `Approval mode "${shown(mode)}"` : "No approval mode or pre-call hook found"],
    };
  });
}
