/**
 * An identity that can make itself into a more powerful one (attach a policy, pass a role, mint a key)
 * has, in effect, the more powerful one's rights: its written permissions understate what it can do.
 */
import type { AnalysisContext, EscalationEdge } from "@/lib/findings/context";
import { PHASE_IDENTITY } from "@/lib/graph/reach/scan";
import type { FindingRule, FindingSeverity } from "@/lib/findings/types";

export const id = "privilege-escalation" as const;

/** Critical when an escalation leads to D1 on something, high otherwise. */
export function severity(gainsD1: boolean): FindingSeverity {
  return gainsD1 ? "critical" : "high";
}

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : []);

export const rule: FindingRule = {
  id,
  description: "An identity can escalate to a more powerful identity.",
  evaluate(ctx: AnalysisContext) {
    // The collector's verdict wins where it gave one (props.canEscalate): it knows about permission
    // boundaries and conditions. Otherwise, the escalation edges that no boundary caps.
    const bySource = new Map<number, EscalationEdge[]>();
    for (const edge of ctx.escalations) {
      if (edge.capped) continue;
      bySource.set(edge.src, [...(bySource.get(edge.src) ?? []), edge]);
    }
    const sources = new Set<number>(bySource.keys());
    for (const identity of ctx.nodesOfKind("identity")) {
      if (identity.props.canEscalate === true) sources.add(identity.id);
      if (identity.props.canEscalate === false) sources.delete(identity.id);
    }
    return [...sources]
      .map((src) => ctx.node(src))
      .sort((a, b) => (a.key < b.key ? -1 : 1))
      .map((identity) => {
        const edges = bySource.get(identity.id) ?? [];
        const verdict = identity.props.canEscalate === true;
        const targets = verdict ? strings(identity.props.escalatesTo) : edges.map((e) => ctx.node(e.dst).name);
        const methods = verdict
          ? [...new Set(strings(identity.props.escalationMethods))].sort()
          : [...new Set(edges.map((e) => e.method).filter((m): m is string => m !== null))].sort();
        const gainsD1 = ctx.reach(identity.id, PHASE_IDENTITY).d1Count > 0;
        return {
          rule: id,
          subject: identity,
          agentKeys: ctx.agentsReachingIdentity(identity.id).map((a) => a.key),
          severity: severity(gainsD1),
          title: `${identity.name} can escalate to ${targets.join(", ") || "a more powerful identity"}${methods.length ? ` (${methods.join(", ")})` : ""}`,
          evidence: {
            summary: "The identity can make itself into each target by the methods shown, and so effectively holds the target's rights.",
            paths: [],
            facts: { escalatesTo: targets, methods, gainsD1, source: verdict ? "collector verdict" : "escalation edges" },
          },
          remediation: "Remove the permission that enables each method (e.g. iam:PassRole, iam:AttachUserPolicy, iam:CreateAccessKey on others), or constrain it with resource and condition keys.",
        };
      });
  },
};
