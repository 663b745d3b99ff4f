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
  FLAG_CLASS_MASK,
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

/**
 * The same rows as computeReach, columnar: typed arrays and no object per row, with every row's path
 * kept as a pointer into a small snapshot of the BFS tree (`tablePath` rebuilds it). This is what
 * counting, ranking and the benchmark use; computeReach builds row objects for the API.
 */
export interface ReachTable {
  count: number;
  resource: Int32Array;
  action: Int32Array;
  /** Class code (index in ACTION_CLASSES + 1). */
  classCode: Uint8Array;
  pathFlags: Uint16Array;
  hops: Int32Array;
  holds: Int32Array;
  /** Direct rows: the identity state holding the `can` edge, and the edge. Contained rows: the container's row. */
  state: Int32Array;
  edge: Int32Array;
  /** -1 for a direct row; else the container resource, with the victim's position in its closure in `edge`. */
  via: Int32Array;
  tree: { states: Int32Array; parent: Int32Array; parentEdge: Int32Array; position: Map<number, number> };
}

export function reachTable(index: ReachIndex, start: number, startPhase: ReachPhase = PHASE_ACCESS, maxDepth = MAX_REACH_DEPTH): ReachTable {
  const scan = scanReach(index, start, startPhase, undefined, maxDepth);
  const { queue, parentNode, parentEdge: parentEdgeOf } = index.scratch;
  // The direct rows are at most the edges of the identity states: size the columns once for them (the
  // contained rows, few, grow them if they must), so the rows are written straight into the result.
  let capacity = 16;
  for (let q = 0; q < scan.visited; q++) {
    const node = queue[q] >> 1;
    if ((queue[q] & 1) === PHASE_IDENTITY) capacity += index.offsets[node + 1] - index.offsets[node];
  }
  let t = allocTable(capacity);
  /** Direct D1 rows whose resource takes other things with it. */
  const takesMore: number[] = [];
  let count = addDirectRows(index, scan.visited, t, takesMore);
  t.via.fill(-1, 0, count);
  if (takesMore.length > 0) [t, count] = addContainedRows(index, t, count, takesMore);
  const states = queue.slice(0, scan.visited);
  const position = new Map<number, number>();
  const parent = new Int32Array(states.length);
  const parentEdge = new Int32Array(states.length);
  for (let i = 0; i < states.length; i++) {
    position.set(states[i], i);
    parent[i] = parentNode[states[i]];
    parentEdge[i] = parentEdgeOf[states[i]];
  }
  return {
    count,
    resource: t.resource.subarray(0, count),
    action: t.action.subarray(0, count),
    classCode: t.classCode.subarray(0, count),
    pathFlags: t.pathFlags.subarray(0, count),
    hops: t.hops.subarray(0, count),
    holds: t.holds.subarray(0, count),
    state: t.state.subarray(0, count),
    edge: t.edge.subarray(0, count),
    via: t.via.subarray(0, count),
    tree: { states, parent, parentEdge, position },
  };
}

/**
 * One row per (resource, action) pair first granted by a `can` edge of the scan's identity states, in
 * breadth-first order (so by a shortest path), into `t` from row 0; returns the row count. The pair's
 * stamp in the scratch marks it taken for this scan.
 */
function addDirectRows(index: ReachIndex, visited: number, t: TableColumns, takesMore: number[]): number {
  const { offsets, dst, kind, flags, action, holds: knownHolds } = index;
  const { ofEdge } = index.pairs;
  const { pairEpoch, queue, pathFlags, depth } = index.scratch;
  const stamp = nextPairStamp(index.scratch);
  const { resource: rowResource, action: rowAction, classCode, pathFlags: rowFlags, hops: rowHops, holds: rowHolds, state: rowState, edge: rowEdge } = t;
  const canCode = CODE.can;
  let count = 0;
  for (let q = 0; q < visited; q++) {
    const current = queue[q];
    if ((current & 1) !== PHASE_IDENTITY) continue;
    const node = current >> 1;
    const baseFlags = pathFlags[current];
    const first = count;
    for (let e = offsets[node], end = offsets[node + 1]; e < end; e++) {
      if (kind[e] !== canCode) continue;
      const pair = ofEdge[e];
      if (pairEpoch[pair] === stamp) continue;
      pairEpoch[pair] = stamp;
      const at = count++;
      const resource = dst[e];
      const f = flags[e];
      const code = f & FLAG_CLASS_MASK || 7;
      let holds = knownHolds[resource];
      if (holds < 0) holds = holdsOf(index, resource);
      rowResource[at] = resource;
      rowAction[at] = action[e];
      classCode[at] = code;
      rowFlags[at] = (baseFlags | f) & (FLAG_ASSUMED | FLAG_CONDITIONAL);
      rowHolds[at] = holds;
      rowEdge[at] = e;
      if (holds > 0 && code === 1) takesMore.push(at);
    }
    // The identity's rows share its state and depth.
    rowState.fill(current, first, count);
    rowHops.fill(depth[current] + 1, first, count);
  }
  return count;
}

/** A fresh stamp for the pairs a reach table takes (1…255; the marks are cleared when it wraps). */
function nextPairStamp(s: ReachIndex["scratch"]): number {
  if (++s.pairStamp > 255) {
    s.pairEpoch.fill(0);
    s.pairStamp = 1;
  }
  return s.pairStamp;
}

/**
 * What dies with each D1 target, as rows after the direct ones; the shortest whole path wins. A pair
 * stamped already is a direct row and always wins; contained rows are found through a short chain per
 * victim (one row per D1 action that reaches it).
 */
function addContainedRows(index: ReachIndex, t: TableColumns, count: number, takesMore: number[]): [TableColumns, number] {
  const { pairEpoch, pairStamp, rowEpoch, rowHead, epoch } = index.scratch;
  const { start: pairsStart, action: pairAction } = index.pairs;
  // Contained rows per victim, chained through `nextRow` from the scratch's rowHead (stamped rowEpoch).
  const nextRow: number[] = [];
  const firstContained = count;
  for (const i of takesMore) {
    const container = t.resource[i];
    const closure = closureOf(index, container);
    const aid = t.action[i];
    const containerHops = t.hops[i];
    for (let j = 0; j < closure.nodes.length; j++) {
      const victim = closure.nodes[j];
      const hops = containerHops + closure.depth[j];
      let at = -1;
      if (rowEpoch[victim] === epoch) {
        for (let r = rowHead[victim]; r >= 0; r = nextRow[r - firstContained]) {
          if (t.action[r] === aid) {
            at = r;
            break;
          }
        }
      }
      if (at >= 0) {
        if (t.hops[at] <= hops) continue;
      } else {
        // A direct row of this (resource, action) always wins.
        let direct = false;
        for (let p = pairsStart[victim]; p < pairsStart[victim + 1] && !direct; p++) direct = pairAction[p] === aid && pairEpoch[p] === pairStamp;
        if (direct) continue;
        if (count === t.resource.length) t = growTable(t, count * 2);
        at = count++;
        nextRow.push(rowEpoch[victim] === epoch ? rowHead[victim] : -1);
        rowEpoch[victim] = epoch;
        rowHead[victim] = at;
      }
      t.resource[at] = victim;
      t.action[at] = aid;
      t.classCode[at] = 1;
      t.pathFlags[at] = t.pathFlags[i];
      t.hops[at] = hops;
      t.holds[at] = holdsOf(index, victim);
      t.state[at] = i;
      t.edge[at] = j;
      t.via[at] = container;
    }
  }
  return [t, count];
}

/** The path of one row of a table (works after other scans: the table keeps its own tree). */
export function tablePath(index: ReachIndex, table: ReachTable, row: number): RawReachPath {
  if (table.via[row] >= 0) {
    const container = table.state[row];
    const closure = closureOf(index, table.via[row]);
    return closurePath(index, tablePath(index, table, container), closure, table.edge[row]);
  }
  const nodes: number[] = [table.resource[row]];
  const edges: PathEdge[] = [];
  let st = table.state[row];
  edges.push(describeEdge(index, st >> 1, table.edge[row]));
  for (;;) {
    nodes.push(st >> 1);
    const at = table.tree.position.get(st);
    if (at === undefined || table.tree.parent[at] < 0) break;
    edges.push(describeEdge(index, table.tree.parent[at] >> 1, table.tree.parentEdge[at]));
    st = table.tree.parent[at];
  }
  return { nodes: nodes.reverse(), edges: edges.reverse() };
}

type TableColumns = Pick<ReachTable, "resource" | "action" | "classCode" | "pathFlags" | "hops" | "holds" | "state" | "edge" | "via">;

function allocTable(n: number): TableColumns {
  return {
    resource: new Int32Array(n),
    action: new Int32Array(n),
    classCode: new Uint8Array(n),
    pathFlags: new Uint16Array(n),
    hops: new Int32Array(n),
    holds: new Int32Array(n),
    state: new Int32Array(n),
    edge: new Int32Array(n),
    via: new Int32Array(n),
  };
}

function growTable(t: TableColumns, n: number): TableColumns {
  const bigger = allocTable(n);
  for (const key of Object.keys(t) as (keyof TableColumns)[]) (bigger[key] as Int32Array).set(t[key] as Int32Array);
  return bigger;
}

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
