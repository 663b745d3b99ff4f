/**
 * Reverse reach for the pages, the API and the CLI: who can destroy a resource or recovery copy, and
 * the shortest paths between a start (agent, credential, identity) and a resource. Answered from the
 * in-memory index by lib/graph/reach/reverse.ts; this module only finds the nodes and names them.
 */
import type { Db } from "@/lib/db/client";
import { loadReachNodes, type ReachNode } from "@/lib/db/queries/reach";
import { getReachIndex } from "@/lib/db/queries/reach-index-cache";
import { AppError } from "@/lib/errors";
import { findDestroyers, findShortestPaths, type Destroyer } from "@/lib/graph/reach/reverse";
import { PHASE_ACCESS, PHASE_IDENTITY, type PathEdge, type RawReachPath } from "@/lib/graph/reach/scan";
import type { ActionClass } from "@/lib/graph/types";

export interface NamedPath {
  nodes: ReachNode[];
  edges: PathEdge[];
}

export interface ResourceDestroyer {
  node: ReachNode;
  /** D1: it can destroy the target as data (directly, or with a container); D2: only as a recovery copy. */
  class: "D1" | "D2";
  /** The action on its shortest path. */
  action: string;
  /** The container whose destruction takes the target with it; null when the action is on the target itself. */
  via: ReachNode | null;
  hops: number;
  path: NamedPath;
}

export interface ResourceDestroyers {
  resource: ReachNode;
  /** How many of each kind can destroy it (the lists below hold at most `limit` each). */
  counts: { agents: number; credentials: number; identities: number };
  /** Ranked: D1 before D2, then fewer hops, then name. */
  agents: ResourceDestroyer[];
  credentials: ResourceDestroyer[];
  identities: ResourceDestroyer[];
}

/**
 * Every agent, credential and identity that can destroy a resource or recovery copy (D1/D2 on it, or D1
 * on what it is contained or stored in), with each one's shortest path, ranked; at most `limit` of each
 * kind (default 50) named, all counted.
 */
export async function getResourceDestroyers(db: Db, resourceId: number, options: { limit?: number } = {}): Promise<ResourceDestroyers> {
  const limit = options.limit ?? 50;
  const index = await getReachIndex(db);
  const resource = await findNodeOrThrow(db, resourceId);
  const found = findDestroyers(index, resource.id, { pathsPerKind: limit });
  // The engine lists each kind ranked already (D1 before D2, nearest first); names break ties below.
  const lists = [found.agents, found.credentials, found.identities].map((list) => list.slice(0, limit));
  const ids = new Set<number>();
  for (const list of lists) {
    for (const d of list) {
      ids.add(d.node);
      if (d.via !== null) ids.add(d.via);
      for (const id of d.path.nodes) ids.add(id);
    }
  }
  const nodes = await loadReachNodes(db, ids);
  const named = (list: Destroyer[]) =>
    list
      .map((d) => ({
        node: nameOf(nodes, d.node),
        class: d.class,
        action: d.action,
        via: d.via === null ? null : nameOf(nodes, d.via),
        hops: d.hops,
        path: namePath(nodes, d.path),
      }))
      .sort((a, b) => (a.class < b.class ? -1 : a.class > b.class ? 1 : a.hops - b.hops || compareText(a.node.name, b.node.name)));
  return {
    resource,
    counts: { agents: found.agents.length, credentials: found.credentials.length, identities: found.identities.length },
    agents: named(lists[0]),
    credentials: named(lists[1]),
    identities: named(lists[2]),
  };
}

export interface PathsBetween {
  from: ReachNode;
  resource: ReachNode;
  /** Edges on each shortest path; null when there is none. */
  hops: number | null;
  paths: NamedPath[];
  /** More shortest paths exist than were listed. */
  truncated: boolean;
}

/**
 * The shortest paths from an agent, credential or identity to a resource (BloodHound's shortest paths):
 * every one of the least hops, up to `limit` (default 20), optionally only through actions of `classes`.
 */
export async function findPaths(
  db: Db,
  fromId: number,
  resourceId: number,
  options: { classes?: readonly ActionClass[]; limit?: number } = {},
): Promise<PathsBetween> {
  const index = await getReachIndex(db);
  const [from, resource] = await Promise.all([findNodeOrThrow(db, fromId), findNodeOrThrow(db, resourceId)]);
  const phase = from.kind === "identity" ? PHASE_IDENTITY : PHASE_ACCESS;
  const found = findShortestPaths(index, from.id, phase, resource.id, options);
  const nodes = await loadReachNodes(db, found.paths.flatMap((p) => p.nodes));
  return { from, resource, hops: found.hops, paths: found.paths.map((p) => namePath(nodes, p)), truncated: found.truncated };
}

async function findNodeOrThrow(db: Db, id: number): Promise<ReachNode> {
  const node = Number.isSafeInteger(id) && id > 0 ? (await loadReachNodes(db, [id])).get(id) : undefined;
  if (!node) throw new AppError("not_found:node", `No node with id ${id}.`);
  return node;
}

function nameOf(nodes: Map<number, ReachNode>, id: number): ReachNode {
  return nodes.get(id) ?? { id, kind: "resource", key: `#${id}`, name: `#${id}` };
}

function namePath(nodes: Map<number, ReachNode>, path: RawReachPath): NamedPath {
  return { nodes: path.nodes.map((id) => nameOf(nodes, id)), edges: path.edges };
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
