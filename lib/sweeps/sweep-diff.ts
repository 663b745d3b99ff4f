/**
 * What a sweep changed: a snapshot of the posture is taken just before the sweep writes and again after
 * its analysis, inside the same transaction, and the two are compared. "Before" is the state the
 * previous successful sweep left, so the diff is exactly what this sweep brought in.
 */
import { sql } from "drizzle-orm";
import { listAgentNodes, loadReachNodes } from "@/lib/db/queries/reach";
import { loadReachIndex } from "@/lib/db/queries/reach-index-cache";
import { queryRows, type Queryable } from "@/lib/db/rows";
import type { DiffFinding, DiffNode, DiffReach, SweepDiff } from "@/lib/db/schema";
import { nodeKindCode } from "@/lib/graph/kind-codes";
import { computeReach } from "@/lib/graph/reach/rows";
import { PHASE_ACCESS } from "@/lib/graph/reach/scan";
import { DESTRUCTIVE_CLASSES } from "@/lib/graph/types";

export interface PostureSnapshot {
  credentials: Map<string, DiffNode>;
  identities: Map<string, DiffNode>;
  /** Destructive reach, keyed by agent key + action + resource key. */
  reach: Map<string, DiffReach>;
  /** Open findings by id. */
  openFindings: Map<string, DiffFinding>;
}

/** Keeps the diff readable and the sweep row small on a first sweep of a large estate. */
const MAX_ITEMS_PER_LIST = 500;

export async function takePostureSnapshot(db: Queryable): Promise<PostureSnapshot> {
  const [credentials, identities] = [await loadNodesOfKind(db, "credential"), await loadNodesOfKind(db, "identity")];
  return { credentials, identities, reach: await loadDestructiveReach(db), openFindings: await loadOpenFindings(db) };
}

export function diffSnapshots(before: PostureSnapshot, after: PostureSnapshot): SweepDiff {
  return {
    credentialsAdded: onlyIn(after.credentials, before.credentials),
    credentialsRemoved: onlyIn(before.credentials, after.credentials),
    identitiesAdded: onlyIn(after.identities, before.identities),
    identitiesRemoved: onlyIn(before.identities, after.identities),
    reachAdded: onlyIn(after.reach, before.reach),
    reachRemoved: onlyIn(before.reach, after.reach),
    findingsOpened: onlyIn(after.openFindings, before.openFindings),
    findingsResolved: onlyIn(before.openFindings, after.openFindings),
  };
}

export function countDiff(diff: SweepDiff): Record<keyof SweepDiff, number> {
  return Object.fromEntries(Object.entries(diff).map(([k, v]) => [k, (v as unknown[]).length])) as Record<keyof SweepDiff, number>;
}

function onlyIn<T>(a: Map<string, T>, b: Map<string, T>): T[] {
  const out: T[] = [];
  for (const [key, value] of a) {
    if (!b.has(key)) out.push(value);
    if (out.length >= MAX_ITEMS_PER_LIST) break;
  }
  return out;
}

async function loadNodesOfKind(db: Queryable, kind: "credential" | "identity"): Promise<Map<string, DiffNode>> {
  const rows = await queryRows<{ key: string; name: string }>(db, sql`select key, name from nodes where kind = ${nodeKindCode(kind)} and not is_ref`);
  return new Map(rows.map((r) => [r.key, { key: r.key, name: r.name }]));
}

async function loadDestructiveReach(db: Queryable): Promise<Map<string, DiffReach>> {
  // Built fresh from this connection (not the shared cache), so inside a transaction it sees the new graph.
  const index = await loadReachIndex(db);
  const agents = await listAgentNodes(db);
  const raw: { agent: string; agentKey: string; action: string; class: string; resource: number }[] = [];
  for (const agent of agents) {
    for (const row of computeReach(index, agent.id, PHASE_ACCESS, { paths: false }).rows) {
      if (DESTRUCTIVE_CLASSES.includes(row.class)) raw.push({ agent: agent.name, agentKey: agent.key, action: row.action, class: row.class, resource: row.resource });
    }
  }
  const resources = await loadReachNodes(db, raw.map((r) => r.resource));
  const reach = new Map<string, DiffReach>();
  for (const r of raw) {
    const resource = resources.get(r.resource);
    const resourceKey = resource?.key ?? `#${r.resource}`;
    reach.set(`${r.agentKey}\u0000${r.action}\u0000${resourceKey}`, {
      agent: r.agent,
      action: r.action,
      class: r.class,
      resource: resource?.name ?? resourceKey,
    });
  }
  return reach;
}

async function loadOpenFindings(db: Queryable): Promise<Map<string, DiffFinding>> {
  const exists = await queryRows<{ present: boolean }>(db, sql`select to_regclass('findings') is not null as present`);
  if (!exists[0]?.present) return new Map();
  const rows = await queryRows<DiffFinding>(db, sql`select id, rule, severity, title from findings where status = 'open'`);
  return new Map(rows.map((r) => [r.id, { id: r.id, rule: r.rule, severity: r.severity, title: r.title }]));
}
