/**
 * One secret in several places or in the hands of several agents cannot be rotated or revoked for one
 * use without breaking the others, and a leak from any copy is a leak of all.
 */
import { readLocations, type AnalysisContext } from "@/lib/findings/context";
import type { FindingRule, FindingSeverity } from "@/lib/findings/types";

export const id = "shared-credential" as const;

export function severity(canDestroy: boolean): FindingSeverity {
  return canDestroy ? "high" : "medium";
}

export const rule: FindingRule = {
  id,
  description: "The same credential is in several places or reachable by several agents.",
  evaluate(ctx: AnalysisContext) {
    return ctx.nodesOfKind("credential").flatMap((cred) => {
      const files = [...new Set(readLocations(cred.props).map((l) => l.file))].sort();
      const agents = ctx.agentsReachingCredential(cred.id);
      if (files.length < 2 && agents.length < 2) return [];
      const canDestroy = ctx.canDestroy(cred.id);
      return [
        {
          rule: id,
          subject: cred,
          agentKeys: agents.map((a) => a.key),
          severity: severity(canDestroy),
          title: `${cred.name} is shared: ${files.length} file${files.length === 1 ? "" : "s"}, ${agents.length} agent${agents.length === 1 ? "" : "s"}`,
          evidence: {
            summary: "The same fingerprint was found in each of these places.",
            paths: agents.slice(0, 5).map((a) => ctx.evidencePathTo(a.id, cred.id, 0)),
            facts: { files, agents: agents.map((a) => a.name), canDestroy },
          },
          remediation: "Issue one credential per use (per service, per agent) so each can be scoped, rotated and revoked alone.",
        },
      ];
    });
  },
};
