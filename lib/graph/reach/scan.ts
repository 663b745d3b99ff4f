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
} from "@/lib/graph/reach/reach-index";
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

export interface ReachScan {
  identities: number[];
  credentials: number[];
  /** States entered, in BFS order, are scratch.queue[0 .. visited). */
  visited: number;
}

/**
 * The breadth-first search itself: calls `onCan(state, edge)` for every `can` edge of every identity
 * state reached (state = node * 2 + phase, in BFS order, so the first call for an action and resource
 * comes by a shortest path); without `onCan` it only walks. Parents stay in the index's scratch until
 * the next scan: build paths with `pathToState` inside the callback or right after.
 */
export function scanReach(
  index: ReachIndex,
  start: number,
  startPhase: ReachPhase,
  onCan: ((state: number, edge: number) => void) | undefined,
  maxDepth = MAX_REACH_DEPTH,
): ReachScan {
  const { offsets, walkEnd, dst, kind, flags } = index;
  const s = index.scratch;
  s.epoch = (s.epoch + 1) >>> 0;
  if (s.epoch === 0) {
    s.seen.fill(0);
    s.rowEpoch.fill(0);
    s.epoch = 1;
  }
  const epoch = s.epoch;
  const identities: number[] = [];
  const credentials: number[] = [];
  if (start < 0 || start >= index.nodeCount) return { identities, credentials, visited: 0 };
  const bound = Math.min(maxDepth, 255);

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

  while (head < tail) {
    const current = s.queue[head++];
    const node = current >> 1;
    const phase = current & 1;
    const depth = s.depth[current];
    for (let e = offsets[node], end = onCan ? offsets[node + 1] : walkEnd[node]; e < end; e++) {
      const k = kind[e];
      let nextPhase: number;
      if (phase === PHASE_ACCESS) {
        if (k === CODE.canRead || k === CODE.contains || k === CODE.configuredWith) nextPhase = PHASE_ACCESS;
        else if (k === CODE.authenticatesAs) {
          if (credentials[credentials.length - 1] !== node) credentials.push(node);
          nextPhase = PHASE_IDENTITY;
        } else continue;
      } else if (k === CODE.can) {
        if (onCan) onCan(current, e);
        continue;
      } else if (k === CODE.memberOf || k === CODE.canAssume) nextPhase = PHASE_IDENTITY;
      else continue;
      if (depth >= bound) continue;
      const next = state(dst[e], nextPhase);
      if (s.seen[next] === epoch) continue;
      s.seen[next] = epoch;
      s.parentNode[next] = current;
      s.parentEdge[next] = e;
      s.depth[next] = depth + 1;
      s.pathFlags[next] = s.pathFlags[current] | (flags[e] & (FLAG_ASSUMED | FLAG_CONDITIONAL));
      s.queue[tail++] = next;
      if (nextPhase === PHASE_IDENTITY) identities.push(dst[e]);
    }
  }
  return { identities, credentials, visited: tail };
}

/** The path to a state of the latest scan (valid until the next scan of this index). */
export function pathToState(index: ReachIndex, st: number, cache?: Map<number, RawReachPath>): RawReachPath {
  const cached = cache?.get(st);
  if (cached) return cached;
  const s = index.scratch;
  const parent = s.parentNode[st];
  let path: RawReachPath;
  if (parent < 0) path = { nodes: [st >> 1], edges: [] };
  else {
    const before = pathToState(index, parent, cache);
    path = { nodes: [...before.nodes, st >> 1], edges: [...before.edges, describeEdge(index, parent >> 1, s.parentEdge[st])] };
  }
  cache?.set(st, path);
  return path;
}

/** A row whose path is assembled on first read from the shared path of its identity. */
class DirectRow implements RawReachRow {
  private built?: RawReachPath;
  readonly via = null;
  constructor(
    readonly action: string,
    readonly class_: ActionClass,
    readonly resource: number,
    readonly assumed: boolean,
    readonly conditional: boolean,
    readonly holds: number,
    readonly hops: number,
    private readonly index: ReachIndex | null,
    private readonly prefix: RawReachPath | null,
    private readonly from: number,
    private readonly edge: number,
  ) {}
  get class(): ActionClass {
    return this.class_;
  }
  get path(): RawReachPath {
    if (!this.prefix || !this.index) return EMPTY_PATH;
    return (this.built ??= {
      nodes: [...this.prefix.nodes, this.resource],
      edges: [...this.prefix.edges, describeEdge(this.index, this.from, this.edge)],
    });
  }
}

export function computeReach(index: ReachIndex, start: number, startPhase: ReachPhase = PHASE_ACCESS, options: ReachOptions = {}): ReachResult {
  const withPaths = options.paths ?? true;
  const { dst, flags, action, actions } = index;
  const s = index.scratch;
  // Rows are keyed by (action, resource); the first (shallowest) path wins. Per resource, a chain of its
  // rows through `nextRow`, stamped with the scan's epoch: no hash map on the hot path.
  const rows: RawReachRow[] = [];
  const rowAction: number[] = [];
  const nextRow: number[] = [];
  const prefixes = new Map<number, RawReachPath>();
  const findRow = (resource: number, aid: number): number => {
    if (s.rowEpoch[resource] !== s.epoch) return -1;
    for (let r = s.rowHead[resource]; r >= 0; r = nextRow[r]) if (rowAction[r] === aid) return r;
    return -1;
  };
  const scan = scanReach(
    index,
    start,
    startPhase,
    (current, e) => {
      const resource = dst[e];
      const aid = action[e];
      if (findRow(resource, aid) >= 0) return;
      const pf = s.pathFlags[current] | flags[e];
      const row = new DirectRow(
        actions[aid] ?? "",
        edgeClass(flags[e]) ?? "R",
        resource,
        (pf & FLAG_ASSUMED) !== 0,
        (pf & FLAG_CONDITIONAL) !== 0,
        holdsOf(index, resource),
        s.depth[current] + 1,
        withPaths ? index : null,
        withPaths ? pathToState(index, current, prefixes) : null,
        current >> 1,
        e,
      );
      const at = rows.length;
      rows.push(row);
      rowAction.push(aid);
      nextRow.push(s.rowEpoch[resource] === s.epoch ? s.rowHead[resource] : -1);
      s.rowEpoch[resource] = s.epoch;
      s.rowHead[resource] = at;
    },
    options.maxDepth,
  );
  const { identities, credentials } = scan;
  const epoch = s.epoch;

  // What dies with each destroyed (D1) resource, as rows of their own, marked with the container;
  // when several containers take the same thing with them, the shortest whole path wins.
  const contained = new Map<number, { row: RawReachRow; closure: Closure; at: number; source: RawReachRow }>();
  const actionIds = new Map(actions.map((a, i) => [a, i]));
  const stride = index.nodeCount + 1;
  const directCount = rows.length;
  for (let i = 0; i < directCount; i++) {
    const row = rows[i];
    if (row.class !== "D1" || row.holds === 0) continue;
    const closure = closureOf(index, row.resource);
    const aid = actionIds.get(row.action) ?? -1;
    for (let j = 0; j < closure.nodes.length; j++) {
      const victim = closure.nodes[j];
      const key = aid * stride + victim;
      if (findRow(victim, aid) >= 0) continue;
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
          holds: holdsOf(index, victim),
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
    pathTo: (node, phase) => (s.seen[state(node, phase)] === epoch ? pathToState(index, state(node, phase)) : { nodes: [], edges: [] }),
  };
}

const EMPTY_PATH: RawReachPath = { nodes: [], edges: [] };

export function describeEdge(index: ReachIndex, from: number, e: number): PathEdge {
  const k = index.kind[e];
  if (k === STORED_IN_REVERSED) return { kind: "stored_in", src: index.dst[e], dst: from };
  const edge: PathEdge = { kind: edgeKindFromCode(k), src: from, dst: index.dst[e] };
  if (k === CODE.can) edge.action = index.actions[index.action[e]];
  return edge;
}

/** How many things die with `node` (memoized per index in a typed array). */
export function holdsOf(index: ReachIndex, node: number): number {
  const known = index.holds[node];
  if (known >= 0) return known;
  const holds = closureOf(index, node).nodes.length;
  if (node >= 0 && node < index.holds.length) index.holds[node] = holds;
  return holds;
}

/** Everything that dies with `resource`, breadth-first, memoized on the index (it does not depend on the agent). */
export function closureOf(index: ReachIndex, resource: number): Closure {
  const cached = index.closures.get(resource);
  if (cached) return cached;
  if (!hasContainedEdges(index, resource)) return EMPTY_CLOSURE;
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

const EMPTY_CLOSURE: Closure = {
  nodes: new Int32Array(0),
  parentNode: new Int32Array(0),
  parentEdge: new Int32Array(0),
  parentAt: new Int32Array(0),
  depth: new Int32Array(0),
};

function hasContainedEdges(index: ReachIndex, node: number): boolean {
  if (node < 0 || node >= index.nodeCount) return false;
  for (let e = index.offsets[node], end = index.offsets[node + 1]; e < end; e++) {
    if (index.kind[e] === CODE.contains || index.kind[e] === STORED_IN_REVERSED) return true;
  }
  return false;
}

/** The path to the closure's node at `at`: the path to the destroyed root, then the containment steps down to it. */
export function closurePath(index: ReachIndex, prefix: RawReachPath, closure: Closure, at: number): RawReachPath {
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
