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

/** Resource types that hold primary data (a store of its own unless another resource contains it). */
export const DATA_STORE_TYPES = new Set(["database", "volume", "bucket", "disk", "filesystem", "file-system", "storage-account", "repository", "db-instance", "db-cluster"]);

export const rule: FindingRule = {
  id,
  description: "A data store has no recovery copy outside its own vendor, account or credential's reach.",
  evaluate(ctx: AnalysisContext) {
    // Data stores: resources with recovery copies, and top-level resources whose type holds data.
    const stores = new Map<number, NodeInfo>();
    for (const p of ctx.primaries()) stores.set(p.id, p);
    for (const r of ctx.nodesOfKind("resource")) {
      const type = String(r.props.type ?? "").toLowerCase();
      if ((r.props.dataStore === true || DATA_STORE_TYPES.has(type)) && !ctx.isContained(r.id)) stores.set(r.id, r);
    }
    // Per store, the agents that destroy it outright, in key order.
    const agentsByStore = ctx.agentsDestroyingOutright([...stores.values()]);

    return [...stores.values()]
      .sort((a, b) => (a.key < b.key ? -1 : 1))
      .flatMap((store) => {
        const copies = ctx.copiesOf(store.id);
        const closure = ctx.closure(store.id);
        const independent = copies.filter((c) => {
          const copy = ctx.node(c);
          if (closure.has(c) || ctx.destroyableTogether(store.id, c)) return false;
          return vendorOf(copy) !== vendorOf(store) || accountOf(copy) !== accountOf(store);
        });
        if (independent.length > 0) return [];
        const agents = agentsByStore.get(store.id) ?? [];
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
