/**
 * A credential issued for one job ("custom domains") that can also delete volumes is scored by what it
 * could destroy, not by what it was issued for: whoever holds it for the small job holds the big one too.
 */
import type { AnalysisContext, RowScan } from "@/lib/findings/context";
import type { FindingRule, FindingSeverity, NodeInfo } from "@/lib/findings/types";

export const id = "over-scoped-credential" as const;

const FILLER_WORDS = new Set(["the", "and", "for", "with", "manage", "management", "access", "token", "key", "api", "admin", "use", "only"]);

/** Words of a declared purpose, lower-case and singular ("custom domains" → custom, domain). */
export function purposeWords(purpose: string): string[] {
  return purpose
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .map((w) => (w.length > 3 && w.endsWith("s") ? w.slice(0, -1) : w))
    .filter((w) => w.length >= 3 && !FILLER_WORDS.has(w));
}

/** An action is within the purpose when the purpose names what it acts on or what it does. */
export function isWithinPurpose(words: string[], action: string, resource: NodeInfo): boolean {
  const haystack = `${action} ${resource.name} ${String(resource.props.type ?? "")}`.toLowerCase();
  return words.some((w) => haystack.includes(w));
}

/** By what it could destroy: D1 taking more with it critical, D1/D2 high, other destructive medium. */
export function severity(outside: Pick<RowScan, "classes" | "takesMore">): FindingSeverity {
  if (outside.takesMore) return "critical";
  if (outside.classes.has("D1") || outside.classes.has("D2")) return "high";
  return "medium";
}

const NO_RESOURCE: NodeInfo = { id: -1, kind: "resource", key: "", name: "", props: {} };

export const rule: FindingRule = {
  id,
  description: "A credential can destroy more than its declared or evident purpose needs.",
  evaluate(ctx: AnalysisContext) {
    return ctx.nodesOfKind("credential").flatMap((cred) => {
      const purpose = typeof cred.props.purpose === "string" ? cred.props.purpose : "";
      const words = purposeWords(purpose);
      if (words.length === 0) return [];
      const scan = ctx.destructiveRowsOutsidePurpose(cred.id, purpose, {
        actionWithin: (action) => isWithinPurpose(words, action, NO_RESOURCE),
        resourceWithin: (resource) => isWithinPurpose(words, "", resource),
      });
      if (scan.count === 0) return [];
      const worst = scan.classes.has("D1") ? "D1" : scan.classes.has("D2") ? "D2" : "D3–D5";
      return [
        {
          rule: id,
          subject: cred,
          agentKeys: ctx.agentsReachingCredential(cred.id).map((a) => a.key),
          severity: severity(scan),
          title: `${cred.name}, issued for "${purpose}", can take ${scan.count} destructive actions outside it (worst ${worst})`,
          evidence: {
            summary: `Declared purpose "${purpose}"; these destructive actions have nothing to do with it.`,
            paths: scan.paths,
            facts: { purpose, outsidePurpose: scan.count, assumed: scan.paths.some((p) => p.assumed), provider: cred.props.provider ?? null, kind: cred.props.kind ?? null },
          },
          remediation: `Replace it with a credential scoped to "${purpose}" only (a project or resource token instead of an account token), then revoke this one.`,
        },
      ];
    });
  },
};
