/**
 * Why a finding has its severity, in one sentence a reader can check against the evidence. Each rule's
 * severity is a function of one or two facts (see its `severity` export); this names those facts for
 * every severity the rule can give. The test beside it runs every rule's severity over all its inputs
 * and fails if an outcome has no sentence here.
 */
import type { FindingSeverity } from "@/lib/db/schema";
import type { RuleId } from "@/lib/findings/types";

export const SEVERITY_REASONS: Record<RuleId, Partial<Record<FindingSeverity, string>>> = {
  "destructive-reach": {
    critical: "A D1 action destroys something that takes more with it: backups stored inside it, or what it contains.",
    high: "It can destroy primary data (D1), and nothing else is known to die with it.",
    medium: "It can only destroy or weaken recovery (D2), not the primary data.",
  },
  "ungated-destructive-agent": {
    critical: "Nothing asks before it acts, and it can destroy primary data (D1).",
    high: "Nothing asks before it acts, and it can destroy recovery (D2).",
  },
  "backup-in-blast-radius": {
    critical: "Every copy dies together with the primary, and an agent can make that happen.",
    high: "A copy shares the primary's fate (kept inside it, or destroyable with the same credential).",
  },
  "no-independent-recovery": {
    high: "An agent can destroy it, and no copy is kept outside its vendor, account or that credential's reach.",
    medium: "No copy is kept independently, though no agent is known to reach a destructive action on it.",
  },
  "over-scoped-credential": {
    critical: "Beyond its purpose it can destroy something that takes more with it (a D1 that takes backups or contents).",
    high: "Beyond its purpose it can destroy primary data or recovery (D1 or D2).",
    medium: "Beyond its purpose it can take other destructive actions (D3 to D5).",
  },
  "credential-outside-task": {
    high: "The credential can destroy something.",
    medium: "The credential is not known to destroy anything.",
  },
  "shared-credential": {
    high: "The shared credential can destroy something: one leak reaches it from every place it is in.",
    medium: "The shared credential is not known to destroy anything.",
  },
  "dormant-credential": {
    high: "Unused, yet it can still destroy something.",
    low: "Unused, and not known to destroy anything.",
  },
  "long-lived-credential": {
    high: "It lives long and can destroy something.",
    medium: "It never expires, though it is not known to destroy anything.",
    low: "It lives long, though it expires and is not known to destroy anything.",
  },
  "ineffective-deny": {
    high: "The files the deny rule protects hold credentials the shell can read anyway.",
    medium: "The shell can read what the deny rule protects; no credential is known there.",
  },
  "privilege-escalation": {
    critical: "The escalation leads to destroying primary data (D1).",
    high: "The escalation gains more power, though not known to reach a D1 action.",
  },
};

export function severityReason(rule: string, severity: FindingSeverity): string | null {
  return (SEVERITY_REASONS as Record<string, Partial<Record<FindingSeverity, string>>>)[rule]?.[severity] ?? null;
}
