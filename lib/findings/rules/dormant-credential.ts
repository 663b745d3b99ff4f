/**
 * A credential nobody has used for months is pure risk: it does no work, yet anyone who finds it can
 * still use everything it grants.
 */
import { DAY_MS, readDate, type AnalysisContext } from "@/lib/findings/context";
import type { FindingRule, FindingSeverity } from "@/lib/findings/types";

export const id = "dormant-credential" as const;

export const DORMANT_AFTER_DAYS = 90;

export function severity(canDestroy: boolean): FindingSeverity {
  return canDestroy ? "high" : "low";
}

export const rule: FindingRule = {
  id,
  description: `A credential unused for ${DORMANT_AFTER_DAYS} days or more (where last use is known).`,
  evaluate(ctx: AnalysisContext) {
    return ctx.nodesOfKind("credential").flatMap((cred) => {
      const lastUsed = readDate(cred.props.lastUsedAt);
      const created = readDate(cred.props.createdAt);
      // Never used is known only when the source says so (lastUsedAt: null) and the credential is old enough.
      const neverUsed = cred.props.lastUsedAt === null && created !== null;
      const since = lastUsed ?? (neverUsed ? created : null);
      if (!since) return [];
      const idleDays = Math.floor((ctx.now.getTime() - since.getTime()) / DAY_MS);
      if (idleDays < DORMANT_AFTER_DAYS) return [];
      const canDestroy = ctx.canDestroy(cred.id);
      return [
        {
          rule: id,
          subject: cred,
          agentKeys: ctx.agentsReachingCredential(cred.id).map((a) => a.key),
          severity: severity(canDestroy),
          title: `${cred.name} ${neverUsed ? "was never used" : "has not been used"} in ${idleDays} days`,
          evidence: {
            summary: neverUsed ? `Created ${created!.toISOString()}, never used.` : `Last used ${lastUsed!.toISOString()}.`,
            paths: [],
            facts: { lastUsedAt: cred.props.lastUsedAt ?? null, createdAt: cred.props.createdAt ?? null, idleDays, canDestroy },
          },
          remediation: "Revoke it; if something still needs it, issue a fresh, narrowly scoped credential with an expiry.",
        },
      ];
    });
  },
};
