/**
 * Where each agent reads its pre-call hooks, and what the guard's entry there looks like. Facts from each
 * tool's hook documentation (see README "Runtime guard"):
 * - Claude Code: settings.json `hooks.PreToolUse: [{matcher, hooks: [{type: "command", command, timeout (s)}]}]`;
 *   shell calls are the Bash tool, MCP tools `mcp__<server>__<tool>`.
 * - Cursor: hooks.json `{version: 1, hooks: {beforeShellExecution: [{command}], beforeMCPExecution: [{command}],
 *   preToolUse: [{command, matcher}]}}`; `failClosed` makes a crashed or timed-out hook deny.
 * - Gemini CLI: settings.json `hooks.BeforeTool: [{matcher, hooks: [{type: "command", name, command, timeout (ms)}]}]`;
 *   the shell tool is run_shell_command, MCP tools `mcp_<server>_<tool>`.
 * - Codex: config.toml `[[hooks.PreToolUse]]` / `[[hooks.PreToolUse.hooks]]` (type, command, timeout in s);
 *   no matcher, so a renamed shell tool cannot slip past.
 * - Copilot CLI: `.github/hooks/*.json` `{version: 1, hooks: {preToolUse: [{type: "command", bash, timeoutSec}]}}`;
 *   repository hooks only.
 * - Windsurf: hooks.json `{hooks: {pre_run_command: [{command, show_output}], pre_mcp_tool_use: [...],
 *   pre_write_code: [...]}}`.
 */
import path from "node:path";
import { AppError } from "@/lib/errors";
import type { JsonHookSpec } from "@/lib/guard/install/json-hooks";
import { codexHookBlock } from "@/lib/guard/install/toml-hooks";
import type { GuardAgent } from "@/lib/guard/types";

export type InstallScope = "project" | "user";

/**
 * The guard's entries for one agent. Shell and MCP calls are what can destroy; file tools are hooked too
 * so that a write to the guard's own policy, snapshot or hook config is seen (the hook treats it as a D4
 * escalation and lets every other file edit through).
 */
export type GuardHooks = { format: "json"; spec: JsonHookSpec } | { format: "toml" };

export function guardHooks(agent: GuardAgent, command: string): GuardHooks {
  switch (agent) {
    case "claude-code":
      return {
        format: "json",
        spec: {
          shape: "grouped",
          entries: { PreToolUse: { matcher: "Bash|mcp__.*|Write|Edit|MultiEdit|NotebookEdit", hooks: [{ type: "command", command, timeout: 30 }] } },
        },
      };
    case "cursor":
      return {
        format: "json",
        spec: {
          shape: "flat",
          preamble: { version: 1 },
          entries: {
            beforeShellExecution: { command, failClosed: true },
            beforeMCPExecution: { command, failClosed: true },
            preToolUse: { command, matcher: "Write|Edit|Delete", failClosed: true },
          },
        },
      };
    case "gemini":
      return {
        format: "json",
        spec: {
          shape: "grouped",
          entries: {
            BeforeTool: { matcher: "run_shell_command|mcp_.*|write_file|replace", hooks: [{ type: "command", name: "blastmap-guard", command, timeout: 30_000 }] },
          },
        },
      };
    case "codex":
      return { format: "toml" };
    case "copilot":
      return { format: "json", spec: { shape: "flat", preamble: { version: 1 }, entries: { preToolUse: { type: "command", bash: command, timeoutSec: 30 } } } };
    case "windsurf":
      return {
        format: "json",
        spec: {
          shape: "flat",
          entries: {
            pre_run_command: { command, show_output: true },
            pre_mcp_tool_use: { command, show_output: true },
            pre_write_code: { command, show_output: true },
          },
        },
      };
    default: {
      const never: never = agent;
      throw new AppError("bad_request:usage", `unknown agent ${String(never)}`);
    }
  }
}

/** Where each agent reads hooks, project and user level; null: the agent has no user-level hooks. */
const CONFIG_FILES: Record<GuardAgent, { project: string; user: string | null }> = {
  "claude-code": { project: ".claude/settings.json", user: ".claude/settings.json" },
  cursor: { project: ".cursor/hooks.json", user: ".cursor/hooks.json" },
  gemini: { project: ".gemini/settings.json", user: ".gemini/settings.json" },
  codex: { project: ".codex/config.toml", user: ".codex/config.toml" },
  copilot: { project: ".github/hooks/blastmap-guard.json", user: null },
  windsurf: { project: ".windsurf/hooks.json", user: ".codeium/windsurf/hooks.json" },
};

export type AgentHookConfig = GuardHooks & { file: string };

/**
 * The config file install writes for `agent` at `scope`, and what goes in it. `root` is the project folder
 * (project scope) or the home folder (user scope).
 */
export function agentHookConfig(agent: GuardAgent, scope: InstallScope, root: string, command: string): AgentHookConfig {
  const files = CONFIG_FILES[agent];
  const relative = scope === "project" ? files.project : files.user;
  if (relative === null) throw new AppError("bad_request:usage", `${agent} reads pre-call hooks from the repository only: install it with --scope project.`);
  return { ...guardHooks(agent, command), file: path.join(root, relative) };
}

/** The content of a config file that holds the guard's hooks and nothing else. */
function guardOnlyConfig(spec: JsonHookSpec): string {
  const hooks = Object.fromEntries(Object.entries(spec.entries).map(([event, entry]) => [event, [entry]]));
  return `${JSON.stringify({ ...spec.preamble, hooks }, null, 2)}\n`;
}

export interface ManagedSettings {
  /** Where an organisation deploys it, per OS. */
  locations: string[];
  /** The file's content (or the part to merge into it). */
  snippet: string;
  note: string;
}

/** What an organisation deploys centrally so that no user or project setting can drop the guard. */
export function managedSettings(agent: GuardAgent, command: string): ManagedSettings {
  const hooks = guardHooks(agent, command);
  const snippet = hooks.format === "json" ? guardOnlyConfig(hooks.spec) : `${codexHookBlock(command)}\n`;
  switch (agent) {
    case "claude-code":
      return {
        locations: [
          "/etc/claude-code/managed-settings.json (Linux, WSL)",
          "/Library/Application Support/ClaudeCode/managed-settings.json (macOS)",
          "C:\\Program Files\\ClaudeCode\\managed-settings.json (Windows)",
        ],
        snippet,
        note: 'Managed settings sit above user and project settings. Add "allowManagedHooksOnly": true to run managed hooks only.',
      };
    case "cursor":
      return {
        locations: ["/etc/cursor/hooks.json (Linux)", "/Library/Application Support/Cursor/hooks.json (macOS)", "C:\\ProgramData\\Cursor\\hooks.json (Windows)"],
        snippet,
        note: "Enterprise hooks run before team, project and user hooks; teams can also push them from Cursor's dashboard.",
      };
    case "windsurf":
      return {
        locations: ["/etc/windsurf/hooks.json (Linux, WSL)", "/Library/Application Support/Windsurf/hooks.json (macOS)", "C:\\ProgramData\\Windsurf\\hooks.json (Windows)"],
        snippet,
        note: "System-level hooks are merged with user and workspace hooks; a user cannot remove them.",
      };
    case "gemini":
      return {
        locations: ["/etc/gemini-cli/settings.json (Linux)", "/Library/Application Support/GeminiCli/settings.json (macOS)", "C:\\ProgramData\\gemini-cli\\settings.json (Windows)"],
        snippet,
        note: "System settings override user and project settings. Leave hooksConfig.enabled unset or true.",
      };
    case "codex":
      return {
        locations: ["requirements.toml / managed config of your Codex deployment"],
        snippet,
        note: "Managed hooks need no per-user trust. Codex never honours ask: the guard answers deny with how to get the call allowed.",
      };
    case "copilot":
      return {
        locations: [".github/hooks/blastmap-guard.json on each repository's default branch (the cloud agent reads it from there)"],
        snippet,
        note: "Copilot reads hooks from the repository only: deploy the file with your repository templates.",
      };
    default: {
      const never: never = agent;
      throw new AppError("bad_request:usage", `unknown agent ${String(never)}`);
    }
  }
}
