/**
 * Decisions as JSON lines for the security team: when, which agent, which tool, the verdict, the operation
 * and class, the credential's node key and redacted preview, and a hash of the call. Never the command
 * text (it can hold a secret). Default ~/.blastmap/guard/decisions.jsonl; BLASTMAP_GUARD_LOG or the
 * policy's log.file override it. A log that cannot be written never changes the decision.
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { GuardAgent, GuardDecision } from "@/lib/guard/types";

export interface DecisionLogEntry {
  at: string;
  agent: GuardAgent;
  tool: string;
  cwd: string;
  verdict: GuardDecision["verdict"];
  answered: string;
  action?: string;
  class?: string;
  credential?: GuardDecision["credential"];
  /** SHA-256 of the stdin the hook received: ties an entry to a call without storing it. */
  callHash: string;
  reason: string;
  faults?: string[];
}

export function defaultDecisionLogPath(env: Record<string, string | undefined>): string | undefined {
  if (env.BLASTMAP_GUARD_LOG) return env.BLASTMAP_GUARD_LOG;
  return env.HOME ? path.join(env.HOME, ".blastmap", "guard", "decisions.jsonl") : undefined;
}

export function hashCall(stdin: string): string {
  return createHash("sha256").update(stdin).digest("hex");
}

/** Appends one line; returns a fault message instead of throwing. */
export function appendDecisionLog(file: string, entry: DecisionLogEntry): string | undefined {
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    fs.appendFileSync(file, `${JSON.stringify(entry)}\n`, { mode: 0o600 });
    return undefined;
  } catch (error) {
    return `the decision log ${file} cannot be written (${(error as NodeJS.ErrnoException).code ?? "error"})`;
  }
}
