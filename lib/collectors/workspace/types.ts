/**
 * What the agent parsers extract from config files, before any credential scanning or graph mapping.
 * Inline secret values live only in `inlineValues` here and are handed to the credential scanner; they are
 * never copied into a node, edge or warning.
 */
import { z } from "zod";

export const workspaceConfigSchema = z.object({
  roots: z.array(z.string().min(1)).min(1),
  home: z.string().min(1).optional(),
  machine: z.string().min(1).optional(),
  skipDirs: z.array(z.string().min(1)).optional(),
  maxFileBytes: z.number().int().positive().optional(),
  /** How deep under a root the walk for projects goes (the root is depth 0). */
  maxDepth: z.number().int().min(0).max(64).optional(),
  /** How many folder entries the walk for projects may read before it stops. */
  maxEntries: z.number().int().positive().optional(),
  /** Report paths under `from` as under `to` (the demo estate, shipped inside the app, stands for /home/dana). */
  pathAlias: z.object({ from: z.string().min(1), to: z.string().min(1) }).optional(),
});
export type WorkspaceConfig = z.infer<typeof workspaceConfigSchema>;

export type AgentKind =
  | "claude-code"
  | "claude-desktop"
  | "cursor"
  | "vscode-copilot"
  | "codex"
  | "windsurf"
  | "gemini-cli"
  | "continue"
  | "github-actions";

/** A value in a config that may be a secret: it is scanned, then forgotten. */
export interface InlineValue {
  /** Where in the config it sits, e.g. `env.RAILWAY_API_TOKEN`, `args[2]`, `headers.Authorization`, `url`. */
  path: string;
  /** The variable or header name, when there is one: it tells the scanner what the value is for. */
  name?: string;
  value: string;
  /**
   * True when the position hands a secret over (an env value under a secret-like name, an auth header, the
   * value after `--token`…): then the value is a credential even when no detector knows its shape.
   */
  secret?: boolean;
  /**
   * The whole value a secret-position part sits in (a connection URL around its password): when a detector
   * recognises a credential there, that credential is this secret, fingerprinted its own way.
   */
  within?: string;
}

/** A secret the config names but does not hold: `${VAR}`, `${input:id}`, `env_vars`, `bearer_token_env_var`. */
export interface SecretReference {
  /** The variable (or input id) name. */
  name: string;
  /** How it is supplied: an environment variable, a VS Code input prompt, a CI secret, a Continue secret. */
  via: "env" | "input" | "ci-secret" | "continue-secret";
  /** Where the reference sits in the config. */
  path: string;
}

export interface McpServerSpec {
  name: string;
  transport: "stdio" | "http" | "sse";
  command?: string;
  args: string[];
  /** Without query string: the query may carry a token. */
  url?: string;
  file: string;
  line: number;
  inlineValues: InlineValue[];
  references: SecretReference[];
  /** `envFile` (VS Code), resolved against the config file's folder. */
  envFiles: string[];
  /** Folders a filesystem MCP server exposes, from its arguments. */
  exposedDirs: string[];
  disabled?: boolean;
  /** A command run to produce the server's headers (Claude Code's `headersHelper`), redacted. */
  headersHelper?: string;
  /** Per-server tool settings (Codex `default_tools_approval_mode`, `tools.<name>.approval_mode`, `enabled_tools`; Gemini `trust`). */
  toolApproval?: {
    defaultMode?: string;
    perTool?: Record<string, string>;
    enabledTools?: string[];
    disabledTools?: string[];
    autoApprove?: string[];
    trusted?: boolean;
  };
}

export interface PermissionRules {
  allow: string[];
  ask: string[];
  deny: string[];
}

/** One agent as its config files describe it. */
export interface AgentSpec {
  kind: AgentKind;
  /** "user" for an agent configured only at the user level; else the project root. */
  scope: string;
  name: string;
  configFiles: string[];
  workspaceRoot?: string;
  additionalDirectories: string[];
  approvalMode: string;
  /** Whether it runs shell commands without an OS sandbox: then it reads whatever the user can read. */
  unrestrictedShell: boolean;
  /** Whether it can read the whole home folder (an unrestricted shell, or a sandbox that confines writes only). */
  readsHome: boolean;
  sandbox: string | boolean | null;
  rules: PermissionRules;
  mcpServers: McpServerSpec[];
  /**
   * Servers in the same config files that this agent does not load (another project's entry in
   * ~/.claude.json): their credentials must not be attributed to this agent.
   */
  foreignServers?: McpServerSpec[];
  /** Secret-looking values directly in the agent's config, outside any MCP server (e.g. a model API key). */
  inlineValues: { file: string; values: InlineValue[] }[];
  references: SecretReference[];
  /** Extra facts for the node (CI permissions, referenced secrets, …). No secret values. */
  extra: Record<string, unknown>;
}

export function emptyRules(): PermissionRules {
  return { allow: [], ask: [], deny: [] };
}
