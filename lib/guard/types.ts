/**
 * The guard's vocabulary: a tool call normalised from any agent's hook payload, what the analysers find
 * in it, and the decision that goes back. Nothing here holds a secret value after analysis: credential
 * uses carry the value only until they are fingerprinted (see resolve-credentials.ts).
 */
import type { ActionClass } from "@/lib/graph/types";

export const GUARD_AGENTS = ["claude-code", "cursor", "gemini", "codex", "copilot", "windsurf"] as const;
export type GuardAgent = (typeof GUARD_AGENTS)[number];

/** One tool call, whatever agent sent it. */
export type GuardCall =
  | { type: "shell"; command: string; cwd: string; workspaceRoots: string[]; tool: string }
  | { type: "mcp"; server: string; tool: string; input: Record<string, unknown>; cwd: string; workspaceRoots: string[]; /** Cursor: the server's command or URL. */ endpoint?: string }
  /** A built-in tool that neither runs code nor reaches a provider (Read, Edit, WebSearch…). */
  | { type: "other"; tool: string; cwd: string; workspaceRoots: string[]; input?: Record<string, unknown> };

/** Where a value the call would authenticate with came from. */
export interface CredentialSource {
  /** "$RAILWAY_TOKEN", "the Authorization header", "~/.railway/config.json", "scripts/custom-domains.sh"… */
  how: string;
  /** The file it was read from, absolute, when it came from a file. */
  file?: string;
}

/** A secret the call would use. `value` never leaves the guard: it is fingerprinted, then dropped. */
export interface CredentialUse {
  /** Undefined when only the file is known (`~/.kube/config`, `$(grep … .env)`): the file is scanned. */
  value: string | undefined;
  source: CredentialSource;
  /** Provider the call talks to, when the analyser knows it (the credential may not say). */
  provider?: string;
  /** Text to scan with the credential detectors when the value alone does not name the credential (a URL). */
  scanText?: string;
  /** The CLI's own login (env variable or login file), not a value the command chose. */
  implicit?: boolean;
}

/** One thing the call would do to a provider or to files, with its class. */
export interface Operation {
  provider: string;
  action: string;
  class: ActionClass;
  /** True when the class came from lib/catalog; false for operations the catalogue does not list. */
  catalogued: boolean;
  /** What it acts on, for the reason ("volume 3f1c…", "table users", "/etc"). Bounded, attacker text. */
  target?: string;
  /** How the call reaches it: "curl GraphQL", "psql", "kubectl", "MCP railway". */
  via: string;
  credentials: CredentialUse[];
  /** Recovery copies the catalogue says die with the resource. */
  dies?: string[];
  /** The operation acts on files outside the workspace (rm -rf /). */
  outsideWorkspace?: boolean;
}

/** Code the guard cannot see: `base64 -d | sh`, `eval "$(…)"`, `python -c` with network. */
export interface UnknownCode {
  why: string;
  credentials: CredentialUse[];
}

/** What the analysers found in one call. */
export interface CallAnalysis {
  operations: Operation[];
  unknown: UnknownCode[];
  /** Credentials within reach of the call (environment, files it reads), for unknown code. */
  inReach: CredentialUse[];
  /** Things that went wrong but did not stop the analysis (a file that could not be read). */
  faults: string[];
  /** The call could not be parsed at all. */
  parseFailed?: string;
}

export type Verdict = "allow" | "ask" | "approval" | "deny";

export interface GuardDecision {
  verdict: Verdict;
  /** One or two sentences a person can act on. */
  reason: string;
  /** The operation the verdict is about, for the log. */
  action?: string;
  class?: ActionClass | "unknown";
  /** Credential node key and redacted preview of the credential it is about. */
  credential?: { key?: string; preview: string; provider?: string };
}

/** What runGuardHook returns: the agent's protocol answer. */
export interface HookOutput {
  stdout: string;
  stderr: string;
  exitCode: number;
}
