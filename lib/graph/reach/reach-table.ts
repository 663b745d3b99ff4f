/**
 * An agent's reach as a compact table: the same (action, resource) rows as computeReach in
 * lib/graph/reach.ts, in the same breadth-first order, without an object per row. This is what ranking,
 * the explorer and the benchmark read; computeReach builds row objects for the API.
 *
 * A direct row is fully determined by the `can` edge that grants it and the identity state that holds
 * the edge: its resource, action and class are the edge's, what the resource holds is memoized on the
 * index, and the rows of one identity state are contiguous and share its hops and path flags. So the
 * table keeps one edge id per row and one entry per identity state, and building it writes one number
 * per row (at 1M edges the median agent has ~158k rows; eight columns of them cost more to allocate and
 * fill than the search itself). What dies with a destroyed resource (a few thousand rows) keeps
 * columns of its own.
 */
import { MAX_REACH_DEPTH, PHASE_ACCESS, PHASE_IDENTITY, closureOf, closurePath, describeEdge, holdsOf, scanReach, type PathEdge, type RawReachPath, type ReachPhase } from "@/lib/graph/reach/scan";
import { FLAG_ASSUMED, FLAG_CLASS_MASK, FLAG_CONDITIONAL, FLAG_DESTROYS_MORE, type ReachIndex } from "@/lib/graph/reach/reach-index";

/** Class code of a row: index in ACTION_CLASSES + 1, so 1 is D1 and an edge without a class reads as R (7). */
const D1_CODE = 1;
const UNCLASSED_CODE = 7;
const PATH_FLAGS = FLAG_ASSUMED | FLAG_CONDITIONAL;

/** The breadth-first tree of the scan that built a table, kept so its paths survive later scans. */
export interface ReachTree {
  /** States (node * 2 + phase) in BFS order, with each one's parent state (-1 at the start) and the edge from it. */
  states: Int32Array;
  parent: Int32Array;
  parentEdge: Int32Array;
  /** State → its position in `states`. */
  position: Map<number, number>;
}

/** Rows of the identity states that granted some: rows end[g - 1] … end[g] - 1 belong to state[g]. */
interface IdentityRuns {
  count: number;
  end: Int32Array;
  state: Int32Array;
  /** Hops of the identity's rows (its depth + the `can` edge) and the assumed/conditional flags of its path. */
  hops: Int32Array;
  flags: Uint16Array;
}

/** Rows of things that die with a destroyed resource, by position among those rows. */
interface ContainedRows {
  count: number;
  resource: number[];
  action: number[];
  hops: number[];
  /** The direct row of the destroyed container, the container, and the victim's position in its closure. */
  containerRow: number[];
  via: number[];
  closureAt: number[];
}

export class ReachTable {
  /** Direct rows come first, then the contained ones. */
  readonly count: number;
  readonly directCount: number;
  /** Run of the last row looked up: rows are mostly read in order. */
  private lastRun = 0;

  constructor(
    private readonly index: ReachIndex,
    /** [direct row] → the `can` edge (CSR index) that grants it. */
    private readonly canEdge: Int32Array,
    private readonly runs: IdentityRuns,
    private readonly contained: ContainedRows,
    readonly tree: ReachTree,
  ) {
    this.directCount = canEdge.length;
    this.count = canEdge.length + contained.count;
  }

  resource(row: number): number {
    return row < this.directCount ? this.index.dst[this.canEdge[row]] : this.contained.resource[row - this.directCount];
  }

  /** Action id (into index.actions). */
  action(row: number): number {
    return row < this.directCount ? this.index.action[this.canEdge[row]] : this.contained.action[row - this.directCount];
  }

  /** Class code: index in ACTION_CLASSES + 1. What dies with a destroyed resource is destroyed too (D1). */
  classCode(row: number): number {
    return row < this.directCount ? this.index.flags[this.canEdge[row]] & FLAG_CLASS_MASK || UNCLASSED_CODE : D1_CODE;
  }

  /** How many things die with the row's resource (memoized on the index, so O(1) after the first ask). */
  holds(row: number): number {
    const resource = this.resource(row);
    const known = this.index.holds[resource];
    return known >= 0 ? known : holdsOf(this.index, resource);
  }

  /** FLAG_ASSUMED | FLAG_CONDITIONAL seen on the row's path. */
  pathFlags(row: number): number {
    if (row >= this.directCount) return this.pathFlags(this.contained.containerRow[row - this.directCount]);
    return (this.runs.flags[this.runOf(row)] | this.index.flags[this.canEdge[row]]) & PATH_FLAGS;
  }

  /** Edges on the row's path. */
  hops(row: number): number {
    return row < this.directCount ? this.runs.hops[this.runOf(row)] : this.contained.hops[row - this.directCount];
  }

  /** The destroyed resource this one dies with, -1 for a direct row. */
  via(row: number): number {
    return row < this.directCount ? -1 : this.contained.via[row - this.directCount];
  }

  /** A direct row's identity state (node * 2 + phase) and the `can` edge it holds: the path's last two steps. */
  identityState(row: number): number {
    return this.runs.state[this.runOf(row)];
  }

  grantingEdge(row: number): number {
    return this.canEdge[row];
  }

  /** The row's whole path (valid after other scans: the table keeps its own tree). */
  path(row: number): RawReachPath {
    const { index, tree } = this;
    if (row >= this.directCount) {
      const at = row - this.directCount;
      const closure = closureOf(index, this.contained.via[at]);
      return closurePath(index, this.path(this.contained.containerRow[at]), closure, this.contained.closureAt[at]);
    }
    const nodes: number[] = [this.resource(row)];
    const edges: PathEdge[] = [];
    let st = this.identityState(row);
    edges.push(describeEdge(index, st >> 1, this.canEdge[row]));
    for (;;) {
      nodes.push(st >> 1);
      const at = tree.position.get(st);
      if (at === undefined || tree.parent[at] < 0) break;
      edges.push(describeEdge(index, tree.parent[at] >> 1, tree.parentEdge[at]));
      st = tree.parent[at];
    }
    return { nodes: nodes.reverse(), edges: edges.reverse() };
  }

  /** The identity run of a direct row: the last one again, the next one, or a binary search (a few hundred runs). */
  private runOf(row: number): number {
    const { end, count } = this.runs;
    let run = this.lastRun;
    if (row < end[run] && (run === 0 || row >= end[run - 1])) return run;
    if (run + 1 < count && row >= end[run] && row < end[run + 1]) run++;
    else {
      let low = 0;
      let high = count - 1;
      while (low < high) {
        const mid = (low + high) >> 1;
        if (end[mid] <= row) low = mid + 1;
        else high = mid;
      }
      run = low;
    }
    this.lastRun = run;
    return run;
  }
}

export function reachTable(index: ReachIndex, start: number, startPhase: ReachPhase = PHASE_ACCESS, maxDepth = MAX_REACH_DEPTH): ReachTable {
  const scan = scanReach(index, start, startPhase, undefined, maxDepth);
  const { queue, parentNode, parentEdge: parentEdgeOf } = index.scratch;
  // The direct rows are at most the edges of the identity states: one column sized for them up front.
  let capacity = 0;
  let identityStates = 0;
  for (let q = 0; q < scan.visited; q++) {
    const node = queue[q] >> 1;
    if ((queue[q] & 1) !== PHASE_IDENTITY) continue;
    capacity += index.offsets[node + 1] - index.offsets[node];
    identityStates++;
  }
  const canEdge = new Int32Array(capacity);
  const runs: IdentityRuns = {
    count: 0,
    end: new Int32Array(identityStates),
    state: new Int32Array(identityStates),
    hops: new Int32Array(identityStates),
    flags: new Uint16Array(identityStates),
  };
  const containerRows = containerRowsScratch(capacity);
  const { count: directCount, containers } = addDirectRows(index, scan.visited, canEdge, runs, containerRows);
  const contained: ContainedRows = { count: 0, resource: [], action: [], hops: [], containerRow: [], via: [], closureAt: [] };
  addContainedRows(index, canEdge, runs, containerRows.subarray(0, containers), contained);
  const states = queue.slice(0, scan.visited);
  const position = new Map<number, number>();
  const parent = new Int32Array(states.length);
  const parentEdge = new Int32Array(states.length);
  for (let i = 0; i < states.length; i++) {
    position.set(states[i], i);
    parent[i] = parentNode[states[i]];
    parentEdge[i] = parentEdgeOf[states[i]];
  }
  return new ReachTable(index, canEdge.subarray(0, directCount), runs, contained, { states, parent, parentEdge, position });
}

/** The rows of the table being built that destroy more (reach runs synchronously: one buffer serves every table). */
let containerBuffer = new Int32Array(1 << 16);

function containerRowsScratch(capacity: number): Int32Array {
  if (containerBuffer.length < capacity) containerBuffer = new Int32Array(Math.max(capacity, containerBuffer.length * 2));
  return containerBuffer;
}

/**
 * One row per (resource, action) pair first granted by a `can` edge of the scan's identity states, in
 * breadth-first order (so by a shortest path): its edge into `canEdge` from row 0, and a run per identity
 * state that granted any. The pairs taken are marked in the scratch's bitset (~112 kB at 1M edges, so the
 * marks stay in cache), and the rows whose resource takes other things with it (the index flags their
 * grants) are listed in `containerRows` without a branch: a mispredicted branch per row cost more than
 * the rest of the loop.
 */
function addDirectRows(index: ReachIndex, visited: number, canEdge: Int32Array, runs: IdentityRuns, containerRows: Int32Array): { count: number; containers: number } {
  const { offsets, flags } = index;
  const { ofEdge } = index.pairs;
  const { pairTaken, queue, pathFlags, depth } = index.scratch;
  pairTaken.fill(0);
  let count = 0;
  let containers = 0;
  let run = 0;
  for (let q = 0; q < visited; q++) {
    const current = queue[q];
    if ((current & 1) !== PHASE_IDENTITY) continue;
    const node = current >> 1;
    const first = count;
    for (let e = offsets[node], end = offsets[node + 1]; e < end; e++) {
      const pair = ofEdge[e]; // -1 for edges other than `can`
      if (pair < 0) continue;
      const word = pair >> 5;
      const bit = 1 << (pair & 31);
      const marks = pairTaken[word];
      if (marks & bit) continue;
      pairTaken[word] = marks | bit;
      containerRows[containers] = count;
      containers += (flags[e] & FLAG_DESTROYS_MORE) >>> DESTROYS_MORE_SHIFT;
      canEdge[count++] = e;
    }
    if (count === first) continue;
    runs.end[run] = count;
    runs.state[run] = current;
    runs.hops[run] = depth[current] + 1;
    runs.flags[run] = pathFlags[current] & PATH_FLAGS;
    run++;
  }
  runs.count = run;
  return { count, containers };
}

const DESTROYS_MORE_SHIFT = Math.log2(FLAG_DESTROYS_MORE);

/**
 * Per index, the closures of destroyed resources laid out flat for the contained-rows loop: node c's
 * entry starts at at[c] in `pool` (-1 until first asked): its victim count, then per victim its node,
 * depth, and the range of its pairs. A container is one typed-array lookup and each victim one cache
 * line, where a closure object from the index's map costs a chain of dependent loads.
 */
interface FlatClosures {
  at: Int32Array;
  pool: Int32Array;
  used: number;
  /** [victim * 2] → the table that last chained a contained row to it, [victim * 2 + 1] → that chain's head. */
  victimMark: Int32Array;
  tableStamp: number;
}

const VICTIM_FIELDS = 4;
const flatClosuresByIndex = new WeakMap<ReachIndex, FlatClosures>();

function flatClosuresOf(index: ReachIndex): FlatClosures {
  let flat = flatClosuresByIndex.get(index);
  if (!flat) {
    flat = { at: new Int32Array(index.nodeCount).fill(-1), pool: new Int32Array(1 << 12), used: 0, victimMark: new Int32Array(index.nodeCount * 2), tableStamp: 0 };
    flatClosuresByIndex.set(index, flat);
  }
  return flat;
}

/** Where `container`'s entry starts in the pool, laid out from closureOf on first ask. */
function flatClosureAt(index: ReachIndex, flat: FlatClosures, container: number): number {
  const known = flat.at[container];
  if (known >= 0) return known;
  const closure = closureOf(index, container);
  const size = 1 + closure.nodes.length * VICTIM_FIELDS;
  if (flat.used + size > flat.pool.length) {
    const bigger = new Int32Array(Math.max(flat.pool.length * 2, flat.used + size));
    bigger.set(flat.pool.subarray(0, flat.used));
    flat.pool = bigger;
  }
  const at = flat.used;
  const { pool } = flat;
  const { start } = index.pairs;
  pool[at] = closure.nodes.length;
  for (let j = 0; j < closure.nodes.length; j++) {
    const victim = closure.nodes[j];
    const k = at + 1 + j * VICTIM_FIELDS;
    pool[k] = victim;
    pool[k + 1] = closure.depth[j];
    pool[k + 2] = start[victim];
    pool[k + 3] = start[victim + 1];
  }
  flat.used += size;
  flat.at[container] = at;
  return at;
}

/**
 * What dies with each D1 target, as rows after the direct ones; the shortest whole path wins. A pair
 * taken already is a direct row and always wins; contained rows are found through a short chain per
 * victim (one row per D1 action that reaches it).
 */
function addContainedRows(index: ReachIndex, canEdge: Int32Array, runs: IdentityRuns, containerRows: Int32Array, out: ContainedRows): void {
  const { dst, action } = index;
  const { action: pairAction } = index.pairs;
  const { pairTaken } = index.scratch;
  const flat = flatClosuresOf(index);
  if (++flat.tableStamp > 0x3fffffff) {
    flat.victimMark.fill(0);
    flat.tableStamp = 1;
  }
  const stamp = flat.tableStamp;
  const marks = flat.victimMark;
  // Contained rows per victim, chained through `nextRow` from the victim's mark.
  const nextRow: number[] = [];
  let run = 0;
  for (let c = 0; c < containerRows.length; c++) {
    const i = containerRows[c];
    const e = canEdge[i];
    const container = dst[e];
    while (runs.end[run] <= i) run++; // containerRows are in row order
    const aid = action[e];
    const entry = flatClosureAt(index, flat, container);
    const pool = flat.pool;
    const containerHops = runs.hops[run];
    for (let j = 0, k = entry + 1, size = pool[entry]; j < size; j++, k += VICTIM_FIELDS) {
      const victim = pool[k];
      const hops = containerHops + pool[k + 1];
      const chained = marks[victim * 2] === stamp;
      let at = -1;
      if (chained) {
        for (let r = marks[victim * 2 + 1]; r >= 0; r = nextRow[r]) {
          if (out.action[r] === aid) {
            at = r;
            break;
          }
        }
      }
      if (at >= 0) {
        if (out.hops[at] <= hops) continue;
      } else {
        // A direct row of this (resource, action) always wins.
        let direct = false;
        for (let p = pool[k + 2], end = pool[k + 3]; p < end && !direct; p++) direct = pairAction[p] === aid && (pairTaken[p >> 5] & (1 << (p & 31))) !== 0;
        if (direct) continue;
        at = out.count++;
        nextRow.push(chained ? marks[victim * 2 + 1] : -1);
        marks[victim * 2] = stamp;
        marks[victim * 2 + 1] = at;
        out.resource.push(victim);
        out.action.push(aid);
      }
      out.hops[at] = hops;
      out.containerRow[at] = i;
      out.via[at] = container;
      out.closureAt[at] = j;
    }
  }
}
