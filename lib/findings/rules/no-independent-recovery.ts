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
    // (store, copy) pairs that one readable credential can destroy together. Typed flags, not map
    // lookups: every credential's destroy list is walked, thousands of entries each at scale (once per
    // set of identities: credentials with the same identities destroy the same).
    const nodeCount = ctx.index.nodeCount;
    const isStore = new Uint8Array(nodeCount);
    const hasCopies = new Uint8Array(nodeCount);
    for (const store of stores.values()) {
      isStore[store.id] = 1;
      if (ctx.copiesOf(store.id).length > 0) hasCopies[store.id] = 1;
    }
    const together = new Set<number>();
    const groupsDone = new Set<object>();
    for (const cred of ctx.agentReadableCredentials()) {
      const group = ctx.reach(cred.id).group;
      if (groupsDone.has(group)) continue;
      groupsDone.add(group);
      for (const target of ctx.reachedAmong(cred.id, "destroy", hasCopies)) {
        for (const copy of ctx.copiesOf(target)) if (ctx.destroys(cred.id, copy)) together.add(target * nodeCount + copy);
      }
    }
    // Per store, the agents that destroy it outright: each agent comes once per store, in key order, so
    // the lists are unique and sorted as built.
    const agentsByStore: (string[] | undefined)[] = [];
    for (const agent of ctx.agents()) {
      for (const target of ctx.reachedAmong(agent.id, "d1", isStore)) (agentsByStore[target] ??= []).push(agent.key);
    }

    return [...stores.values()]
      .sort((a, b) => (a.key < b.key ? -1 : 1))
      .flatMap((store) => {
        const copies = ctx.copiesOf(store.id);
        const closure = ctx.closure(store.id);
        const independent = copies.filter((c) => {
          const copy = ctx.node(c);
          if (closure.has(c) || together.has(store.id * nodeCount + c)) return false;
          return vendorOf(copy) !== vendorOf(store) || accountOf(copy) !== accountOf(store);
        });
        if (independent.length > 0) return [];
        const agents = agentsByStore[store.id] ?? [];
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
