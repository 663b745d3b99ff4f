/**
 * Reachability over the in-memory index: from an agent (or a credential, or an identity), every action it
 * can reach, with the shortest path that explains it, plus what dies with each destroyed resource.
 *
 *   access phase:   agent ─can_read→ workspace ─contains→* file ─contains→ credential
 *                   agent ─configured_with→ mcp_server ─configured_with→ credential
 *   identity phase: credential ─authenticates_as→ identity ─member_of / can_assume→* identity ─can→ resource
 *   closure (D1):   resource ─contains→* resource, resource ←stored_in─ recovery_copy
 *
 * Breadth-first, so each state is entered once (cycle-safe) by a shortest path, and depth is bounded.
 */
import {
  CODE,
  FLAG_ASSUMED,
  FLAG_CONDITIONAL,
  STORED_IN_REVERSED,
  edgeClass,
  type Closure,
  type ReachIndex,
} from "@/lib/graph/reach-index";
import { edgeKindFromCode } from "@/lib/graph/kind-codes";
import { ACTION_CLASSES, type ActionClass, type EdgeKind } from "@/lib/graph/types";

/** Hops from the start to the identity that holds the action; deeper chains are not followed. */
export const MAX_REACH_DEPTH = 24;

export const PHASE_ACCESS = 0;
export const PHASE_IDENTITY = 1;
export type ReachPhase = typeof PHASE_ACCESS | typeof PHASE_IDENTITY;

/** One edge of a path, by node ids; `stored_in` keeps its real direction (copy → resource). */
export interface PathEdge {
  kind: EdgeKind;
  src: number;
  dst: number;
  action?: string;
}

export interface RawReachPath {
  nodes: number[];
  edges: PathEdge[];
}

export interface RawReachRow {
  action: string;
  class: ActionClass;
  resource: number;
  assumed: boolean;
  conditional: boolean;
  /** How many things die with this resource (its containment closure). */
  holds: number;
  /** The resource whose destruction takes this one with it; null for a direct action. */
  via: number | null;
  /** Edges on the path (known even when paths are not built). */
  hops: number;
  path: RawReachPath;
}

export interface ReachOptions {
  /** Build the path of every row (default). Without, rows carry empty paths: for counting. */
  paths?: boolean;
  /** Stop at this many hops (default MAX_REACH_DEPTH). */
  maxDepth?: number;
}

/** The credentials and identities a traversal passed through, with the state that reached them. */
export interface ReachResult {
  rows: RawReachRow[];
  /** Node ids entered in the identity phase (identities), in BFS order. */
  identities: number[];
  /** Node ids entered in the access phase that authenticate as something (credentials). */
  credentials: number[];
  /** Path from the start to a credential or identity, on demand. */
  pathTo(node: number, phase: ReachPhase): RawReachPath;
}

const state = (node: number, phase: number) => node * 2 + phase;

export function computeReach(index: ReachIndex, start: number, startPhase: ReachPhase = PHASE_ACCESS, options: ReachOptions = {}): ReachResult {
  const withPaths = options.paths ?? true;
  const maxDepth = Math.min(options.maxDepth ?? MAX_REACH_DEPTH, 255);
  const { offsets, dst, kind, flags, action, actions } = index;
  const s = index.scratch;
  s.epoch = (s.epoch + 1) >>> 0;
  if (s.epoch === 0) {
    s.seen.fill(0);
    s.epoch = 1;
  }
  const epoch = s.epoch;
  const identities: number[] = [];
  const credentials: number[] = [];
  if (start < 0 || start >= index.nodeCount) return { rows: [], identities, credentials, pathTo: () => ({ nodes: [], edges: [] }) };

  let head = 0;
  let tail = 0;
  const first = state(start, startPhase);
  s.seen[first] = epoch;
  s.parentNode[first] = -1;
  s.parentEdge[first] = -1;
  s.depth[first] = 0;
  s.pathFlags[first] = 0;
  s.queue[tail++] = first;
  if (startPhase === PHASE_IDENTITY) identities.push(start);

  const visit = (from: number, node: number, phase: number, edge: number) => {
    const next = state(node, phase);
    if (s.seen[next] === epoch) return;
    s.seen[next] = epoch;
    s.parentNode[next] = from;
    s.parentEdge[next] = edge;
    s.depth[next] = s.depth[from] + 1;
    s.pathFlags[next] = s.pathFlags[from] | (flags[edge] & (FLAG_ASSUMED | FLAG_CONDITIONAL));
    s.queue[tail++] = next;
    if (phase === PHASE_IDENTITY) identities.push(node);
  };

  // Rows are keyed by (action, resource); the first (shallowest) path wins.
  const direct = new Map<number, RawReachRow>();
  const rows: RawReachRow[] = [];
  const prefixes = new Map<number, RawReachPath>();
  const pathOf = (st: number): RawReachPath => {
    const cached = prefixes.get(st);
    if (cached) return cached;
    const parent = s.parentNode[st];
    let path: RawReachPath;
    if (parent < 0) path = { nodes: [st >> 1], edges: [] };
    else {
      const before = pathOf(parent);
      path = { nodes: [...before.nodes, st >> 1], edges: [...before.edges, describeEdge(index, parent >> 1, s.parentEdge[st])] };
    }
    prefixes.set(st, path);
    return path;
  };

  const stride = index.nodeCount + 1;
  while (head < tail) {
    const current = s.queue[head++];
    const node = current >> 1;
    const phase = current & 1;
    const depth = s.depth[current];
    for (let e = offsets[node], end = offsets[node + 1]; e < end; e++) {
      const k = kind[e];
      if (phase === PHASE_ACCESS) {
        if (depth >= maxDepth) continue;
        if (k === CODE.canRead || k === CODE.contains || k === CODE.configuredWith) visit(current, dst[e], PHASE_ACCESS, e);
        else if (k === CODE.authenticatesAs) {
          if (credentials[credentials.length - 1] !== node) credentials.push(node);
          visit(current, dst[e], PHASE_IDENTITY, e);
        }
      } else if (k === CODE.can) {
        const key = action[e] * stride + dst[e];
        if (direct.has(key)) continue;
        const cls = edgeClass(flags[e]) ?? "R";
        const pf = s.pathFlags[current] | flags[e];
        const row: RawReachRow = {
          action: actions[action[e]] ?? "",
          class: cls,
          resource: dst[e],
          assumed: (pf & FLAG_ASSUMED) !== 0,
          conditional: (pf & FLAG_CONDITIONAL) !== 0,
          holds: closureOf(index, dst[e]).nodes.length,
          via: null,
          hops: depth + 1,
          path: withPaths ? extendPath(pathOf(current), node, describeEdge(index, node, e), dst[e]) : EMPTY_PATH,
        };
        direct.set(key, row);
        rows.push(row);
      } else if ((k === CODE.memberOf || k === CODE.canAssume) && depth < maxDepth) visit(current, dst[e], PHASE_IDENTITY, e);
    }
  }

  // What dies with each destroyed (D1) resource, as rows of their own, marked with the container;
  // when several containers take the same thing with them, the shortest whole path wins.
  const contained = new Map<number, { row: RawReachRow; closure: Closure; at: number; source: RawReachRow }>();
  const actionIds = new Map(actions.map((a, i) => [a, i]));
  for (const row of rows) {
    if (row.class !== "D1") continue;
    const closure = closureOf(index, row.resource);
    const aid = actionIds.get(row.action) ?? -1;
    for (let j = 0; j < closure.nodes.length; j++) {
      const victim = closure.nodes[j];
      const key = aid * stride + victim;
      if (direct.has(key)) continue;
      const hops = row.hops + closure.depth[j];
      const seen = contained.get(key);
      if (seen && seen.row.hops <= hops) continue;
      contained.set(key, {
        row: {
          action: row.action,
          class: row.class,
          resource: victim,
          assumed: row.assumed,
          conditional: row.conditional,
          holds: closureOf(index, victim).nodes.length,
          via: row.resource,
          hops,
          path: EMPTY_PATH,
        },
        closure,
        at: j,
        source: row,
      });
    }
  }
  for (const { row, closure, at, source } of contained.values()) {
    if (withPaths) row.path = closurePath(index, source.path, closure, at);
    rows.push(row);
  }

  return {
    rows,
    identities,
    credentials,
    pathTo: (node, phase) => (s.seen[state(node, phase)] === epoch ? pathOf(state(node, phase)) : { nodes: [], edges: [] }),
  };
}

const EMPTY_PATH: RawReachPath = { nodes: [], edges: [] };

function extendPath(prefix: RawReachPath, _from: number, edge: PathEdge, to: number): RawReachPath {
  return { nodes: [...prefix.nodes, to], edges: [...prefix.edges, edge] };
}

function describeEdge(index: ReachIndex, from: number, e: number): PathEdge {
  const k = index.kind[e];
  if (k === STORED_IN_REVERSED) return { kind: "stored_in", src: index.dst[e], dst: from };
  const edge: PathEdge = { kind: edgeKindFromCode(k), src: from, dst: index.dst[e] };
  if (k === CODE.can) edge.action = index.actions[index.action[e]];
  return edge;
}

/** Everything that dies with `resource`, breadth-first, memoized on the index (it does not depend on the agent). */
export function closureOf(index: ReachIndex, resource: number): Closure {
  const cached = index.closures.get(resource);
  if (cached) return cached;
  const nodes: number[] = [];
  const parentNode: number[] = [];
  const parentEdge: number[] = [];
  const parentAt: number[] = [];
  const depth: number[] = [];
  const seen = new Set<number>([resource]);
  const queue = [resource];
  for (let head = 0; head < queue.length; head++) {
    const node = queue[head];
    const at = head - 1; // position of `node` in `nodes` (-1 for the root)
    for (let e = index.offsets[node], end = index.offsets[node + 1]; e < end; e++) {
      const k = index.kind[e];
      if (k !== CODE.contains && k !== STORED_IN_REVERSED) continue;
      const next = index.dst[e];
      if (seen.has(next) || queue.length > 100_000) continue;
      seen.add(next);
      queue.push(next);
      nodes.push(next);
      parentNode.push(node);
      parentEdge.push(e);
      parentAt.push(at);
      depth.push(at < 0 ? 1 : depth[at] + 1);
    }
  }
  const closure = {
    nodes: Int32Array.from(nodes),
    parentNode: Int32Array.from(parentNode),
    parentEdge: Int32Array.from(parentEdge),
    parentAt: Int32Array.from(parentAt),
    depth: Int32Array.from(depth),
  };
  index.closures.set(resource, closure);
  return closure;
}

function closurePath(index: ReachIndex, prefix: RawReachPath, closure: Closure, at: number): RawReachPath {
  const tailNodes: number[] = [];
  const tailEdges: PathEdge[] = [];
  for (let i = at; i >= 0; i = closure.parentAt[i]) {
    tailNodes.push(closure.nodes[i]);
    tailEdges.push(describeEdge(index, closure.parentNode[i], closure.parentEdge[i]));
  }
  return { nodes: [...prefix.nodes, ...tailNodes.reverse()], edges: [...prefix.edges, ...tailEdges.reverse()] };
}

/** Deterministic order: class (D1 first), then what the resource holds, then names. */
export function compareReachRows<T extends { class: ActionClass; holds: number; action: string; resourceName: string; viaName: string }>(a: T, b: T): number {
  return (
    ACTION_CLASSES.indexOf(a.class) - ACTION_CLASSES.indexOf(b.class) ||
    b.holds - a.holds ||
    compareText(a.resourceName, b.resourceName) ||
    compareText(a.action, b.action) ||
    compareText(a.viaName, b.viaName)
  );
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
