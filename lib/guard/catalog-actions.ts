/**
 * The operation → class table the guard decides with, read out of the same provider catalogue the posture
 * graph is built from (lib/catalog/providers/*). WHY derived, not written down: a second list of dangerous
 * operations would drift from the graph; here each provider entry is run against the real SubgraphBuilder
 * once per credential kind, and every `can` edge it emits becomes a row (provider, resource type, action,
 * class). A kind-dependent class (Stripe's live vs test money) keeps its worst value.
 */
import { PROVIDER_CATALOG } from "@/lib/catalog/credential-graph";
import { SubgraphBuilder } from "@/lib/catalog/subgraph-builder";
import type { FoundCredential } from "@/lib/credentials/types";
import type { ActionClass } from "@/lib/graph/types";
import { identifierWords } from "@/lib/guard/identifier-words";

export { identifierWords };

export interface CatalogActionRow {
  provider: string;
  action: string;
  class: ActionClass;
  /** The resource type the action applies to ("volume", "persistentvolumeclaims", "database"…). */
  resourceType: string;
  /** The resource's display name in the catalogue ("every Railway volume this token can see"). */
  resourceName: string;
  /** Names of recovery copies that die with the resource (Railway volume backups, RDS automated backups). */
  dies: string[];
}

/** Every kind a catalogue entry branches on; an entry ignores the ones it does not know. */
const PROBE_KINDS = [
  "account-token",
  "project-token",
  "team-token",
  "personal-access-token",
  "service-role-key",
  "classic-token",
  "oauth-token",
  "fine-grained-token",
  "admin-key",
  "api-key",
  "secret-key",
  "restricted-key",
  "access-key",
  "password",
  "connection-string",
  "service-account-token",
  "global-api-key",
];

const RANK: Record<ActionClass, number> = { D1: 0, D2: 1, D3: 2, D4: 3, D5: 4, W: 5, R: 6 };

export function worseClass(a: ActionClass, b: ActionClass): ActionClass {
  return RANK[a] <= RANK[b] ? a : b;
}

export function classRank(c: ActionClass): number {
  return RANK[c];
}

let table: CatalogActionRow[] | undefined;

function probe(provider: string, kind: string): CatalogActionRow[] {
  const cred: FoundCredential = { fingerprint: "0".repeat(64), provider, kind, preview: "…", locations: [], identity: { mode: "live" } };
  const graph = new SubgraphBuilder({ kind: "credential", key: "probe" }, "probe");
  PROVIDER_CATALOG[provider](cred, graph);
  const { nodes, edges } = graph.build();
  const nodeOf = (key: string) => nodes.find((n) => n.key === key);
  const rows: CatalogActionRow[] = [];
  for (const edge of edges) {
    if (edge.kind !== "can") continue;
    const resource = nodeOf(edge.dst.key);
    const props = (resource?.props ?? {}) as Record<string, unknown>;
    const resourceType = String(props.type ?? props.resource ?? "resource");
    const dies = edges
      .filter((e) => e.kind === "stored_in" && e.dst.key === edge.dst.key)
      .map((e) => nodeOf(e.src.key)?.name ?? "a recovery copy");
    rows.push({
      provider,
      action: String(edge.props?.action),
      class: edge.props?.class as ActionClass,
      resourceType,
      resourceName: resource?.name ?? resourceType,
      dies,
    });
  }
  return rows;
}

/** The whole table, built once per process (microseconds: a few hundred small objects). */
export function catalogActions(): readonly CatalogActionRow[] {
  if (table) return table;
  const byKey = new Map<string, CatalogActionRow>();
  for (const provider of Object.keys(PROVIDER_CATALOG)) {
    for (const kind of PROBE_KINDS) {
      for (const row of probe(provider, kind)) {
        const key = `${row.provider}\u0000${row.resourceType}\u0000${row.action}`;
        const seen = byKey.get(key);
        if (!seen) byKey.set(key, row);
        else seen.class = worseClass(seen.class, row.class);
      }
    }
  }
  table = [...byKey.values()];
  return table;
}

/** The catalogue row for an action of a provider, optionally on one resource type (Kubernetes `delete`). */
export function findCatalogAction(provider: string, action: string, resourceType?: string): CatalogActionRow | undefined {
  const rows = catalogActions().filter((r) => r.provider === provider && r.action.toLowerCase() === action.toLowerCase());
  if (resourceType === undefined) return rows.sort((a, b) => classRank(a.class) - classRank(b.class))[0];
  return rows.find((r) => r.resourceType === resourceType);
}


/**
 * A tool or mutation name matched to a catalogue action of the provider by its words, in any order and
 * case style: the Railway MCP tool `volume_delete` and the GraphQL mutation `volumeDelete` are the same
 * catalogue action. Exact word sets only, so `volumeDeleteAll` is not `volumeDelete`.
 */
export function matchCatalogActionByWords(provider: string, name: string): CatalogActionRow | undefined {
  const words = [...new Set(identifierWords(name))].sort().join(" ");
  const rows = catalogActions()
    .filter((r) => r.provider === provider)
    .filter((r) => [...new Set(identifierWords(r.action))].sort().join(" ") === words);
  return rows.sort((a, b) => classRank(a.class) - classRank(b.class))[0];
}
