/**
 * Hooks: commands an agent runs by itself at points of its loop. They are capabilities of the agent (a hook
 * runs with the agent's environment, on every matching call), and a pre-call hook is where enforcement can
 * live: the Blastmap guard, or a third party's. Each agent writes them its own way; all come out as
 * HookSpecs with a redacted command preview.
 */
import { isBlastmapGuardCommand } from "@/lib/guard/hook-command";
import { isRecord, stringList } from "../mcp-server";
import type { LoadedConfig } from "../read";
import { redactConfigText } from "../redact-config-text";
import { looksRandom, secretsInCommand } from "../secret-positions";
import type { InlineValue } from "../types";

/** The agent node's `preCallHooks` entries (a contract: the guard and its posture view read it). */
export interface PreCallHook {
  event: string;
  matcher?: string;
  enforcer: "blastmap-guard" | "third-party";
  commandPreview: string;
  file: string;
}

export interface HookSpec extends PreCallHook {
  /** True when the event runs before a tool call and can stop it. */
  preCall: boolean;
  /** Secrets written into the command (`API_TOKEN=… ./guard.sh`): scanned, never shown. */
  secrets: InlineValue[];
}

/** Events that run before a tool call, per agent dialect. */
const PRE_CALL_EVENTS = new Set([
  "PreToolUse", // Claude Code, Codex
  "beforeShellExecution", // Cursor
  "beforeMCPExecution", // Cursor
  "BeforeTool", // Gemini CLI
  "preToolUse", // Copilot
  "pre_run_command", // Windsurf
  "pre_mcp_tool_use", // Windsurf
]);

/** A matcher is a tool-name pattern (`Write|Edit`, `mcp__github__.*`): shown when it is made of names only. */
function redactMatcher(matcher: string): string {
  return /^[A-Za-z0-9_.*|()^$:\s-]{1,200}$/.test(matcher) && !looksRandom(matcher) ? matcher : redactConfigText(matcher);
}

function hookSpec(event: string, matcher: string | undefined, command: string, file: string): HookSpec {
  return {
    event,
    ...(matcher ? { matcher: redactMatcher(matcher) } : {}),
    enforcer: isBlastmapGuardCommand(command) ? "blastmap-guard" : "third-party",
    commandPreview: redactConfigText(command),
    file,
    preCall: PRE_CALL_EVENTS.has(event),
    secrets: secretsInCommand(command, `hooks.${event}`),
  };
}

/** The command of one handler: `command` (most), `bash` / `powershell` (Copilot), an argv array (Codex). */
function handlerCommands(handler: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const field of ["command", "bash", "powershell"] as const) {
    const value = handler[field];
    if (typeof value === "string" && value.trim()) out.push(value);
    else if (Array.isArray(value)) out.push(stringList(value).join(" "));
  }
  return out;
}

/**
 * Hooks in any of the dialects: `{hooks: {Event: [{matcher, hooks: [{type, command}]}]}}` (Claude Code,
 * Gemini CLI, Codex), `{hooks: {event: [{command}]}}` (Cursor, Windsurf), `{hooks: {event: [{bash}]}}`
 * (Copilot), or a list `[{event, matcher, command}]` (Codex's `[[hooks]]`).
 */
export function readHooks(value: unknown, file: string): HookSpec[] {
  const found: HookSpec[] = [];
  if (Array.isArray(value)) {
    for (const item of value.filter(isRecord)) {
      const event = typeof item.event === "string" ? item.event : typeof item.name === "string" ? item.name : undefined;
      if (!event) continue;
      const matcher = typeof item.matcher === "string" ? item.matcher : undefined;
      for (const command of handlerCommands(item)) found.push(hookSpec(event, matcher, command, file));
    }
    return found;
  }
  if (!isRecord(value)) return found;
  for (const [event, groups] of Object.entries(value)) {
    if (!Array.isArray(groups)) continue;
    for (const group of groups.filter(isRecord)) {
      const matcher = typeof group.matcher === "string" ? group.matcher : undefined;
      const handlers = Array.isArray(group.hooks) ? group.hooks.filter(isRecord) : [group];
      for (const handler of handlers) for (const command of handlerCommands(handler)) found.push(hookSpec(event, matcher, command, file));
    }
  }
  return found;
}

/** The hooks of a settings-style file (`{"hooks": …}`), or none. */
export function hooksOfConfig(config: LoadedConfig | undefined): HookSpec[] {
  if (!config || !isRecord(config.value)) return [];
  return readHooks(config.value.hooks, config.file);
}

/** What goes on the agent node: pre-call hooks in the shared shape, the others as automatic commands. */
export function hookProps(hooks: HookSpec[]): { preCallHooks: PreCallHook[]; automaticCommands: { event: string; commandPreview: string; file: string }[] } {
  return {
    preCallHooks: hooks.filter((hook) => hook.preCall).map(({ event, matcher, enforcer, commandPreview, file }) => ({ event, ...(matcher ? { matcher } : {}), enforcer, commandPreview, file })),
    automaticCommands: hooks.filter((hook) => !hook.preCall).map(({ event, commandPreview, file }) => ({ event, commandPreview, file })),
  };
}

/** The secrets written into hook commands, as the agent's inline values per file. */
export function hookInlineValues(hooks: HookSpec[]): { file: string; values: InlineValue[] }[] {
  const byFile = new Map<string, InlineValue[]>();
  for (const hook of hooks) if (hook.secrets.length > 0) byFile.set(hook.file, [...(byFile.get(hook.file) ?? []), ...hook.secrets]);
  return [...byFile.entries()].map(([file, values]) => ({ file, values }));
}
