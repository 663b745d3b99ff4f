/**
 * A backup that dies with its primary is not a backup: when the backups live inside the volume they
 * protect (the incident), or one credential an agent can read can delete the data and every copy of it,
 * one mistake loses everything.
 */
import type { AnalysisContext } from "@/lib/findings/context";
import type { EvidencePath, FindingDraft, FindingRule, FindingSeverity } from "@/lib/findings/types";

export const id = "backup-in-blast-radius" as const;

/** Critical when someone an agent can reach can destroy the primary and all copies at once. */
export function severity(allDieTogether: boolean, agentCanDestroy: boolean): FindingSeverity {
  return allDieTogether && agentCanDestroy ? "critical" : "high";
}

export const rule: FindingRule = {
  id,
  description: "A recovery copy dies with its primary, or one readable credential can destroy both.",
  evaluate(ctx: AnalysisContext) {
    const findings: FindingDraft[] = [];
    for (const primary of ctx.primaries()) {
      const copies = ctx.copiesOf(primary.id);
      const closure = ctx.closure(primary.id);
      const dying = copies.filter((c) => closure.has(c));
      // Credentials an agent can read that destroy the primary outright (D1) and every copy of it.
      const killers = ctx.credentialsThatDestroyAll(primary.id);
      if (dying.length === 0 && killers.length === 0) continue;
      const agentKeys = new Set<string>();
      for (const killer of killers) for (const agent of ctx.agentsReachingCredential(killer.id)) agentKeys.add(agent.key);
      // One path per killer (at most three): the D1 on the primary; its copies die with it or by D2.
      const paths: EvidencePath[] = killers
        .slice(0, 3)
        .map((k) => ctx.evidenceToResource(k.id, 0, primary.id, ["D1"]))
        .filter((p): p is EvidencePath => p !== null);
      const allDie = dying.length === copies.length || killers.length > 0;
      findings.push({
        rule: id,
        subject: primary,
        agentKeys: [...agentKeys].sort(),
        severity: severity(allDie, agentKeys.size > 0),
        title:
          dying.length > 0
            ? `${dying.length} of ${copies.length} recovery cop${copies.length === 1 ? "y" : "ies"} of ${primary.name} die with it`
            : `${killers[0].name} can destroy ${primary.name} and all its recovery copies`,
        evidence: {
          summary:
            dying.length > 0
              ? `Stored inside ${primary.name}: ${dying.map((c) => ctx.node(c).name).join(", ")}.`
              : "One credential reaches both the data and every copy of it.",
          paths,
          facts: {
            copies: copies.map((c) => ctx.node(c).name),
            dyingWithPrimary: dying.map((c) => ctx.node(c).name),
            credentialsDestroyingAll: killers.map((k) => k.name),
          },
        },
        remediation:
          "Keep at least one copy outside the primary's blast radius: in another account or provider, written by a " +
          "credential that cannot delete it (object lock / retention), and out of reach of the credentials that can delete the primary.",
      });
    }
    return findings;
  },
};
