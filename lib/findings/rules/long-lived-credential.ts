/**
 * A credential that never expires (or lives for years) stays valid long after the file, laptop or person
 * it was given to is gone; short lifetimes bound how long a leak is worth anything.
 */
import { DAY_MS, readDate, type AnalysisContext } from "@/lib/findings/context";
import type { FindingRule, FindingSeverity } from "@/lib/findings/types";

export const id = "long-lived-credential" as const;

export const MAX_LIFETIME_DAYS = 90;

export function severity(canDestroy: boolean, neverExpires: boolean): FindingSeverity {
  if (canDestroy) return "high";
  return neverExpires ? "medium" : "low";
}

export const rule: FindingRule = {
  id,
  description: `A credential that never expires or lives longer than ${MAX_LIFETIME_DAYS} days (where expiry is known).`,
  evaluate(ctx: AnalysisContext) {
    return ctx.nodesOfKind("credential").flatMap((cred) => {
      // Only when the source states the expiry: null means "never expires"; absent means unknown.
      if (!("expiresAt" in cred.props)) return [];
      const expires = readDate(cred.props.expiresAt);
      const neverExpires = cred.props.expiresAt === null;
      if (!neverExpires && !expires) return [];
      const created = readDate(cred.props.createdAt) ?? ctx.now;
      const lifetimeDays = expires ? Math.floor((expires.getTime() - created.getTime()) / DAY_MS) : null;
      if (lifetimeDays !== null && lifetimeDays <= MAX_LIFETIME_DAYS) return [];
      const canDestroy = ctx.canDestroy(cred.id);
      return [
        {
          rule: id,
          subject: cred,
          agentKeys: ctx.agentsReachingCredential(cred.id).map((a) => a.key),
          severity: severity(canDestroy, neverExpires),
          title: neverExpires ? `${cred.name} never expires` : `${cred.name} is valid for ${lifetimeDays} days`,
          evidence: {
            summary: neverExpires ? "No expiry is set." : `Expires ${expires!.toISOString()}.`,
            paths: [],
            facts: { createdAt: cred.props.createdAt ?? null, expiresAt: cred.props.expiresAt, lifetimeDays, canDestroy },
          },
          remediation: `Reissue it with an expiry of ${MAX_LIFETIME_DAYS} days or less, or move to short-lived credentials (OIDC, STS, workload identity).`,
        },
      ];
    });
  },
};
