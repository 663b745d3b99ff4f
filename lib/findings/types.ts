/**
 * What a finding rule sees and what it returns. Rules are pure functions of an AnalysisContext, so each
 * is tested on a small hand-written graph without a database.
 */
import type { FindingSeverity } from "@/lib/db/schema";
import type { GraphNodeInfo } from "@/lib/graph/reach/from-batch";
import type { ActionClass, EdgeKind, NodeKind } from "@/lib/graph/types";

export type { FindingSeverity };
export type NodeInfo = GraphNodeInfo;

export const RULE_IDS = [
  "destructive-reach",
  "backup-in-blast-radius",
  "no-independent-recovery",
  "over-scoped-credential",
  "credential-outside-task",
  "shared-credential",
  "dormant-credential",
  "long-lived-credential",
  "ineffective-deny",
  "ungated-destructive-agent",
  "privilege-escalation",
] as const;
export type RuleId = (typeof RULE_IDS)[number];

/** A path as evidence: readable without the graph (kinds, keys and names), never a secret. */
export interface EvidencePath {
  action?: string;
  class?: ActionClass;
  resource?: string;
  via?: string | null;
  assumed?: boolean;
  nodes: { kind: NodeKind; key: string; name: string }[];
  edges: { kind: EdgeKind; action?: string }[];
}

export interface FindingEvidence {
  summary: string;
  paths: EvidencePath[];
  facts?: Record<string, unknown>;
  [key: string]: unknown;
}

export interface FindingDraft {
  rule: RuleId;
  subject: Pick<NodeInfo, "kind" | "key" | "name">;
  /** Part of the stable id when one subject can have several findings of a rule (e.g. per agent). */
  scope?: string;
  /** Natural keys of the agents concerned. */
  agentKeys: string[];
  severity: FindingSeverity;
  title: string;
  evidence: FindingEvidence;
  remediation: string;
}

export interface FindingRule {
  id: RuleId;
  /** One line for lists and docs. */
  description: string;
  evaluate(ctx: import("@/lib/findings/context").AnalysisContext): FindingDraft[];
}
