/**
 * A data store whose only copies sit with the same vendor and account, or can be deleted by the same
 * credential, has no independent recovery: the failure or mistake that takes the data takes the copies.
 */
import type { AnalysisContext } from "@/lib/findings/context";
import type { FindingRule, FindingSeverity, NodeInfo } from "@/lib/findings/types";

export const id = "no-independent-recovery" as const;

export function severity(agentCanDestroy: boolean): FindingSeverity {
  return agentCanDestroy ? "high" : "medium";
}

const vendorOf = (n: NodeInfo) => String(n.props.provider ?? n.props.vendor ?? "");
const accountOf = (n: NodeInfo) => String(n.props.account ?? n.props.accountId ?? "");

export const rule: FindingRule = {
  id,
  description: "A data store has no recovery copy outside its own vendor, account or credential's reach.",
  evaluate(ctx: AnalysisContext) {
    const credentials = ctx.agentReadableCredentials();
    const destroyers = new Map<number, Set<number>>(); // resource → credentials that can destroy it
    for (const cred of credentials) {
      for (const resource of ctx.destroyable(cred.id)) {
        if (!destroyers.has(resource)) destroyers.set(resource, new Set());
        destroyers.get(resource)!.add(cred.id);
      }
    }
    const agentD1 = new Map<number, string[]>(); // resource → agents that reach D1 on it
    for (const agent of ctx.agents()) {
      for (const row of ctx.reach(agent.id).rows) {
        if (row.class !== "D1" || row.via !== null) continue;
        agentD1.set(row.resource, [...(agentD1.get(row.resource) ?? []), agent.key]);
      }
    }
    // Data stores: resources with copies, and resources an agent can destroy that nothing contains.
    const containedInResource = new Set<number>();
    for (const r of ctx.nodesOfKind("resource")) for (const c of ctx.closure(r.id)) containedInResource.add(c);
    const stores = new Map<number, NodeInfo>();
    for (const p of ctx.primaries()) stores.set(p.id, p);
    for (const r of agentD1.keys()) if (ctx.node(r).kind === "resource" && !containedInResource.has(r)) stores.set(r, ctx.node(r));

    return [...stores.values()]
      .sort((a, b) => (a.key < b.key ? -1 : 1))
      .flatMap((store) => {
        const copies = ctx.copiesOf(store.id);
        const closure = ctx.closure(store.id);
        const storeDestroyers = destroyers.get(store.id) ?? new Set<number>();
        const independent = copies.filter((c) => {
          const copy = ctx.node(c);
          if (closure.has(c)) return false;
          if ([...(destroyers.get(c) ?? [])].some((cred) => storeDestroyers.has(cred))) return false;
          return vendorOf(copy) !== vendorOf(store) || accountOf(copy) !== accountOf(store);
        });
        if (independent.length > 0) return [];
        const agents = [...new Set(agentD1.get(store.id) ?? [])].sort();
        return [
          {
            rule: id,
            subject: store,
            agentKeys: agents,
            severity: severity(agents.length > 0),
            title: copies.length === 0 ? `${store.name} has no recovery copy` : `${store.name} has no recovery copy independent of it`,
            evidence: {
              summary:
                copies.length === 0
                  ? "No backup, snapshot or archive of this data store is known."
                  : "Every known copy is inside it, with the same vendor and account, or deletable by the same credential.",
              paths: [],
              facts: { copies: copies.map((c) => ctx.node(c).name), vendor: vendorOf(store) || null, account: accountOf(store) || null, agentsThatCanDestroy: agents.length },
            },
            remediation: "Add a copy in another account or provider, written by a credential that cannot delete it, with retention the primary's credentials cannot shorten.",
          },
        ];
      });
  },
};
