/**
 * The in-memory reach index: the traversable part of the graph as compressed sparse rows of typed
 * arrays, so a breadth-first search touches a few flat arrays instead of paying a SQL round per hop
 * (about 2 ms against 0.6 s for a recursive query at 1M edges, see BENCHMARKS.md).
 *
 * Pure: it is built from flat edge arrays (loaded from Postgres in one query by lib/db/queries/reach.ts,
 * or from a GraphBatch in tests) and never touches the database.
 */
import { ACTION_CLASSES, type ActionClass, type EdgeKind } from "@/lib/graph/types";
import { edgeKindCode } from "@/lib/graph/kind-codes";

/** Edge flags as packed by the loader: bits 0–2 class index + 1 (0 = none), then the booleans. */
export const FLAG_CLASS_MASK = 0b111;
export const FLAG_ASSUMED = 1 << 3;
export const FLAG_CONDITIONAL = 1 << 4;
export const FLAG_ESCALATION = 1 << 5;
/**
 * Set by buildReachIndex, never stored: a D1 grant on a resource that takes other things with it
 * (whose containment closure is not empty), so a reach table lists what dies with it without looking
 * up every destroyed resource.
 */
export const FLAG_DESTROYS_MORE = 1 << 14;
const D1_CLASS_CODE = 1;

/** `stored_in` runs recovery_copy → resource; the index also keeps it reversed, under this code. */
export const STORED_IN_REVERSED = 30;

export const CODE = {
  canRead: edgeKindCode("can_read"),
  contains: edgeKindCode("contains"),
  configuredWith: edgeKindCode("configured_with"),
  authenticatesAs: edgeKindCode("authenticates_as"),
  memberOf: edgeKindCode("member_of"),
  canAssume: edgeKindCode("can_assume"),
  can: edgeKindCode("can"),
  recoveredBy: edgeKindCode("recovered_by"),
  storedIn: edgeKindCode("stored_in"),
} as const;

/** Edge kinds reach follows; the loader reads only these. */
export const TRAVERSED_EDGE_KINDS: readonly EdgeKind[] = [
  "can_read",
  "contains",
  "configured_with",
  "authenticates_as",
  "member_of",
  "can_assume",
  "can",
  "recovered_by",
  "stored_in",
];

/** Flat edge list, one entry per edge, as the loader produces it. */
export interface EdgeArrays {
  count: number;
  src: Int32Array;
  dst: Int32Array;
  kind: Uint8Array;
  flags: Uint16Array;
  /** Index into `actions` for `can` edges, -1 otherwise. */
  action: Int32Array;
  actions: string[];
  /** Highest node id, so arrays can be indexed by id. */
  maxNodeId: number;
  /** Node kind code by node id (0 = unknown). */
  nodeKind: Uint8Array;
}

/** Zeroed edge arrays for `count` edges over node ids 1…maxNodeId, to be filled by a loader. */
export function allocateEdgeArrays(count: number, maxNodeId: number, actions: string[]): EdgeArrays {
  return {
    count,
    src: new Int32Array(count),
    dst: new Int32Array(count),
    kind: new Uint8Array(count),
    flags: new Uint16Array(count),
    action: new Int32Array(count),
    actions,
    maxNodeId,
    nodeKind: new Uint8Array(maxNodeId + 1),
  };
}

export interface ReachIndex {
  /** Bumped by every build; lets callers tell a rebuilt index from the one they hold. */
  version: number;
  nodeCount: number;
  edgeCount: number;
  offsets: Int32Array;
  /**
   * [node] → the end of its edges for a walk that skips `can` edges: past the last edge of another
   * kind. A role's thousands of grants mostly sort after its memberships, so the walk stops short.
   */
  walkEnd: Int32Array;
  dst: Int32Array;
  kind: Uint8Array;
  flags: Uint16Array;
  action: Int32Array;
  actions: string[];
  nodeKind: Uint8Array;
  /** Containment closure per resource: agent-independent, so computed once per index. */
  closures: Map<number, Closure>;
  /** [node] → size of its closure, -1 until first asked (a typed-array lookup on the hot path). */
  holds: Int32Array;
  pairs: ActionPairs;
  builtAt: Date;
  buildMs: number;
}

/**
 * Every distinct (resource, action) that some `can` edge grants, numbered densely and grouped by
 * resource: a reach row is one pair, so de-duplicating rows is one typed-array stamp per edge.
 */
export interface ActionPairs {
  count: number;
  /** [CSR edge] → its pair, -1 for edges other than `can`. */
  ofEdge: Int32Array;
  /** Pairs of resource r are start[r] … start[r + 1] - 1. */
  start: Int32Array;
  /** [pair] → action id. */
  action: Int32Array;
}

/** What dies with a resource: every node reached through `contains` and reversed `stored_in`. */
export interface Closure {
  nodes: Int32Array;
  parentNode: Int32Array;
  parentEdge: Int32Array;
  /** Position in `nodes` of each node's parent, -1 when the parent is the closure's root. */
  parentAt: Int32Array;
  /** Hops from the root. */
  depth: Int32Array;
}

let nextVersion = 1;

/** The assumed-edge rule concerns the catalogue's worst-case edges: `can` and `authenticates_as`. */
const RULED_KINDS = (1 << CODE.can) | (1 << CODE.authenticatesAs);

/**
 * Builds the CSR and applies the assumed-edge rule once, at build time: a node's assumed edges of a kind
 * are dropped when it also has non-assumed edges of that kind (its real scope is known).
 */
export function buildReachIndex(input: EdgeArrays): ReachIndex {
  const started = performance.now();
  const n = input.maxNodeId + 1;
  const counts = new Int32Array(n + 1);
  let storedIn = 0;
  for (let i = 0; i < input.count; i++) {
    counts[input.src[i] + 1]++;
    if (input.kind[i] === CODE.storedIn) {
      counts[input.dst[i] + 1]++;
      storedIn++;
    }
  }
  for (let i = 0; i < n; i++) counts[i + 1] += counts[i];
  const total = input.count + storedIn;
  const fill = counts.slice(0, n);
  const dst = new Int32Array(total);
  const kind = new Uint8Array(total);
  const flags = new Uint16Array(total);
  const action = new Int32Array(total);
  // Each node's edges in the order the rows came, then put in their natural order per node.
  for (let i = 0; i < input.count; i++) {
    const from = input.src[i];
    const to = input.dst[i];
    const k = input.kind[i];
    let at = fill[from]++;
    dst[at] = to;
    kind[at] = k;
    flags[at] = input.flags[i] & ~FLAG_DESTROYS_MORE;
    action[at] = input.action[i];
    if (k === CODE.storedIn) {
      at = fill[to]++;
      dst[at] = from;
      kind[at] = STORED_IN_REVERSED;
      flags[at] = input.flags[i] & ~FLAG_DESTROYS_MORE;
      action[at] = -1;
    }
  }
  const edges = { dst, kind, flags, action };
  for (let node = 0; node < n; node++) {
    if (!inNaturalOrder(edges, node, counts[node], counts[node + 1])) sortNodeEdges(edges, node, counts[node], counts[node + 1]);
  }

  // Assumed-edge rule, compacting in place. A bitmask per node of kinds with a known (non-assumed) edge.
  const offsets = new Int32Array(n + 1);
  const walkEnd = new Int32Array(n);
  /** [node] → 1 when something dies with it: a `contains` or reversed `stored_in` edge to another node. */
  const destroysMore = new Uint8Array(n);
  const can = CODE.can;
  let write = 0;
  for (let node = 0; node < n; node++) {
    const from = counts[node];
    const to = counts[node + 1];
    let known = 0;
    let anyAssumed = false;
    // Where the node's edges stop mattering to a walk that skips `can` edges: past its last other edge.
    let otherEnd = from;
    for (let e = from; e < to; e++) {
      const k = kind[e];
      if (k !== can) otherEnd = e + 1;
      if ((k === CODE.contains || k === STORED_IN_REVERSED) && dst[e] !== node) destroysMore[node] = 1;
      if (flags[e] & FLAG_ASSUMED && RULED_KINDS & (1 << k)) anyAssumed = true;
      else known |= 1 << k;
    }
    offsets[node] = write;
    if (!anyAssumed) {
      // Nothing to drop (the usual case): the edges stay, moved down only if an earlier node lost some.
      if (write !== from) {
        for (let e = from, w = write; e < to; e++, w++) {
          dst[w] = dst[e];
          kind[w] = kind[e];
          flags[w] = flags[e];
          action[w] = action[e];
        }
      }
      walkEnd[node] = otherEnd - from + write;
      write += to - from;
      continue;
    }
    let lastOther = write;
    for (let e = from; e < to; e++) {
      if (flags[e] & FLAG_ASSUMED && RULED_KINDS & known & (1 << kind[e])) continue;
      dst[write] = dst[e];
      kind[write] = kind[e];
      flags[write] = flags[e];
      action[write] = action[e];
      write++;
      if (kind[e] !== can) lastOther = write;
    }
    walkEnd[node] = lastOther;
  }
  offsets[n] = write;
  const pairs = numberActionPairs(n, write, { dst, kind, flags, action }, input.actions.length, destroysMore);

  return {
    version: nextVersion++,
    nodeCount: n,
    edgeCount: write,
    offsets,
    walkEnd,
    dst: dst.subarray(0, write),
    kind: kind.subarray(0, write),
    flags: flags.subarray(0, write),
    action: action.subarray(0, write),
    actions: input.actions,
    nodeKind: input.nodeKind,
    closures: new Map(),
    holds: new Int32Array(n).fill(-1),
    pairs,
    builtAt: new Date(),
    buildMs: performance.now() - started,
  };
}

interface EdgeColumns {
  dst: Int32Array;
  kind: Uint8Array;
  flags: Uint16Array;
  action: Int32Array;
}

/**
 * Whether a node's edges [from, to) are in (dst, kind, action) order, so that the search's ties between
 * equally short paths come out the same whatever order the database returned the rows in. A reversed
 * `stored_in` entry sorts as its `stored_in` edge does: under the node itself. The rows mostly come
 * grouped and ordered already, so most nodes need no sort.
 */
function inNaturalOrder(edges: EdgeColumns, node: number, from: number, to: number): boolean {
  const { dst, kind, action } = edges;
  if (to - from < 2) return true;
  let lastKind = kind[from] === STORED_IN_REVERSED ? CODE.storedIn : kind[from];
  let lastDst = kind[from] === STORED_IN_REVERSED ? node : dst[from];
  let lastAction = action[from];
  for (let e = from + 1; e < to; e++) {
    const reversed = kind[e] === STORED_IN_REVERSED;
    const d = reversed ? node : dst[e];
    const k = reversed ? CODE.storedIn : kind[e];
    const a = action[e];
    if (d < lastDst || (d === lastDst && (k < lastKind || (k === lastKind && a < lastAction)))) return false;
    lastDst = d;
    lastKind = k;
    lastAction = a;
  }
  return true;
}

/**
 * Sorts a node's edges into that order, keeping the order they came in between equal keys: in place by
 * insertion when they are few (a resource with a copy stored in it), else by merging the sorted runs
 * they came in.
 */
function sortNodeEdges(edges: EdgeColumns, node: number, from: number, to: number): void {
  if (to - from <= SHORT_LIST) insertionSortEdges(edges, node, from, to);
  else mergeSortEdges(edges, node, from, to);
}

/** Lists at most this long are sorted in place by insertion (a resource with a copy stored in it: a few edges). */
const SHORT_LIST = 16;

function insertionSortEdges(edges: EdgeColumns, node: number, from: number, to: number): void {
  const { dst, kind, flags, action } = edges;
  for (let i = from + 1; i < to; i++) {
    const d = dst[i];
    const k = kind[i];
    const f = flags[i];
    const a = action[i];
    const kd = k === STORED_IN_REVERSED ? node : d;
    const kk = k === STORED_IN_REVERSED ? CODE.storedIn : k;
    let j = i - 1;
    for (; j >= from; j--) {
      const jd = kind[j] === STORED_IN_REVERSED ? node : dst[j];
      const jk = kind[j] === STORED_IN_REVERSED ? CODE.storedIn : kind[j];
      if (jd < kd || (jd === kd && (jk < kk || (jk === kk && action[j] <= a)))) break;
      dst[j + 1] = dst[j];
      kind[j + 1] = kind[j];
      flags[j + 1] = flags[j];
      action[j + 1] = action[j];
    }
    dst[j + 1] = d;
    kind[j + 1] = k;
    flags[j + 1] = f;
    action[j + 1] = a;
  }
}

/**
 * A stable natural merge sort: a node's edges come as a few sorted runs (a role's grants and its
 * assumable roles arrive by kind, then destination), so it merges those runs instead of comparing
 * every edge anew.
 */
function mergeSortEdges(edges: EdgeColumns, node: number, from: number, to: number): void {
  const { dst, kind, flags, action } = edges;
  const length = to - from;
  const keyDst = new Int32Array(length);
  const keyKind = new Int32Array(length);
  const keyAction = new Int32Array(length);
  for (let i = 0; i < length; i++) {
    const reversed = kind[from + i] === STORED_IN_REVERSED;
    keyDst[i] = reversed ? node : dst[from + i];
    keyKind[i] = reversed ? CODE.storedIn : kind[from + i];
    keyAction[i] = action[from + i];
  }
  const before = (x: number, y: number) =>
    keyDst[x] < keyDst[y] || (keyDst[x] === keyDst[y] && (keyKind[x] < keyKind[y] || (keyKind[x] === keyKind[y] && keyAction[x] < keyAction[y])));
  let order = new Int32Array(length);
  let merged = new Int32Array(length);
  const runEnds: number[] = [];
  for (let i = 0; i < length; i++) {
    order[i] = i;
    if (i > 0 && before(i, i - 1)) runEnds.push(i);
  }
  runEnds.push(length);
  let ends = runEnds;
  while (ends.length > 1) {
    const next: number[] = [];
    let start = 0;
    for (let r = 0; r < ends.length; r += 2) {
      const mid = ends[r];
      const end = r + 1 < ends.length ? ends[r + 1] : mid;
      let x = start;
      let y = mid;
      let out = start;
      // Ties take the left run first: stable.
      while (x < mid && y < end) merged[out++] = before(order[y], order[x]) ? order[y++] : order[x++];
      while (x < mid) merged[out++] = order[x++];
      while (y < end) merged[out++] = order[y++];
      next.push(end);
      start = end;
    }
    [order, merged] = [merged, order];
    ends = next;
  }
  for (const column of [dst, kind, flags, action]) {
    const values = column.slice(from, to);
    for (let i = 0; i < length; i++) column[from + i] = values[order[i]];
  }
}

/**
 * Numbers the (resource, action) pairs of `can` edges: a counting sort by resource, in linear time. On
 * the way, marks the D1 grants on resources that take other things with them (FLAG_DESTROYS_MORE).
 */
function numberActionPairs(n: number, edgeCount: number, edges: EdgeColumns, actionCount: number, destroysMore: Uint8Array): ActionPairs {
  const { dst, kind, flags, action } = edges;
  const can = CODE.can;
  const byResourceStart = new Int32Array(n + 1);
  for (let e = 0; e < edgeCount; e++) {
    if (kind[e] !== can) continue;
    const resource = dst[e];
    byResourceStart[resource + 1]++;
    if ((flags[e] & FLAG_CLASS_MASK) === D1_CLASS_CODE && destroysMore[resource]) flags[e] |= FLAG_DESTROYS_MORE;
  }
  for (let r = 0; r < n; r++) byResourceStart[r + 1] += byResourceStart[r];
  const grants = byResourceStart[n];
  // (edge, action) of each grant, grouped by resource: the numbering below then reads them in order.
  const byResource = new Int32Array(grants * 2);
  const cursor = byResourceStart.slice(0, n);
  for (let e = 0; e < edgeCount; e++) {
    if (kind[e] !== can) continue;
    const at = cursor[dst[e]]++ * 2;
    byResource[at] = e;
    byResource[at + 1] = action[e];
  }
  const ofEdge = new Int32Array(edgeCount).fill(-1);
  const start = new Int32Array(n + 1);
  const pairAction = new Int32Array(grants);
  // Per action: the resource it was last numbered for (+1), and that pair. Slot actionCount is for -1.
  const stampedFor = new Int32Array(actionCount + 1);
  const pairOf = new Int32Array(actionCount + 1);
  let count = 0;
  for (let r = 0; r < n; r++) {
    start[r] = count;
    for (let k = byResourceStart[r] * 2, end = byResourceStart[r + 1] * 2; k < end; k += 2) {
      const a = byResource[k + 1];
      const slot = a >= 0 ? a : actionCount;
      if (stampedFor[slot] !== r + 1) {
        stampedFor[slot] = r + 1;
        pairOf[slot] = count;
        pairAction[count++] = a;
      }
      ofEdge[byResource[k]] = pairOf[slot];
    }
  }
  start[n] = count;
  // Pairs are most grants (a grant seldom repeats another's pair): keep the array rather than copy it.
  return { count, ofEdge, start, action: count * 2 > grants ? pairAction.subarray(0, count) : pairAction.slice(0, count) };
}

/** The pair of (resource, action id), or -1 when no `can` edge grants it (it can only die with a container). */
export function pairOf(index: ReachIndex, resource: number, aid: number): number {
  const { start, action } = index.pairs;
  for (let p = start[resource]; p < start[resource + 1]; p++) if (action[p] === aid) return p;
  return -1;
}

/** Bytes held by the index's own typed arrays; scan.ts's measureReachBytes adds the scans' scratch. */
export function measureReachIndexBytes(index: ReachIndex): number {
  const { ofEdge, start, action } = index.pairs;
  const arrays = [
    index.offsets, index.walkEnd, index.dst, index.kind, index.flags, index.action, index.nodeKind, index.holds, ofEdge, start, action,
  ];
  return arrays.reduce((sum, a) => sum + (a as ArrayBufferView).byteLength, 0);
}

export function edgeClass(flags: number): ActionClass | null {
  const code = flags & FLAG_CLASS_MASK;
  return code === 0 ? null : ACTION_CLASSES[code - 1];
}

export function classFlag(cls: ActionClass | undefined): number {
  return cls ? ACTION_CLASSES.indexOf(cls) + 1 : 0;
}
