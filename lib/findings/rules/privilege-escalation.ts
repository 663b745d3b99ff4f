/**
 * An identity that can make itself into a more powerful one (attach a policy, pass a role, mint a key)
 * has, in effect, the more powerful one's rights: its written permissions understate what it can do.
 */
import type { AnalysisContext, EscalationEdge } from "@/lib/findings/context";
import { PHASE_IDENTITY } from "@/lib/graph/reach";
import type { FindingRule, FindingSeverity } from "@/lib/findings/types";

export const id = "privilege-escalation" as const;

/** Critical when an escalation leads to D1 on something, high otherwise. */
export function severity(gainsD1: boolean): FindingSeverity {
  return gainsD1 ? "critical" : "high";
}

export const rule: FindingRule = {
  id,
  description: "An identity can escalate to a more powerful identity.",
  evaluate(ctx: AnalysisContext) {
    const bySource = new Map<number, EscalationEdge[]>();
    for (const edge of ctx.escalations) bySource.set(edge.src, [...(bySource.get(edge.src) ?? []), edge]);
    return [...bySource.entries()]
      .sort(([a], [b]) => (ctx.node(a).key < ctx.node(b).key ? -1 : 1))
      .map(([src, edges]) => {
        const identity = ctx.node(src);
        const targets = edges.map((e) => ({ target: ctx.node(e.dst).name, targetKey: ctx.node(e.dst).key, method: e.method }));
        const gainsD1 = edges.some((e) => ctx.reach(e.dst, PHASE_IDENTITY).d1.length > 0);
        const methods = [...new Set(edges.map((e) => e.method).filter((m): m is string => m !== null))].sort();
        return {
          rule: id,
          subject: identity,
          agentKeys: ctx.agentsReachingIdentity(src).map((a) => a.key),
          severity: severity(gainsD1),
          title: `${identity.name} can escalate to ${targets.map((t) => t.target).join(", ")}${methods.length ? ` (${methods.join(", ")})` : ""}`,
          evidence: {
            summary: "Each target is reachable by the method shown; the identity effectively holds the target's rights.",
            paths: [],
            facts: { escalations: targets, gainsD1 },
          },
          remediation: "Remove the permission that enables each method (e.g. iam:PassRole, iam:AttachUserPolicy, iam:CreateAccessKey on others), or constrain it with resource and condition keys.",
        };
      });
  },
};
