/**
 * The one row model: what a start reaches, as (action, resource) rows on ids, in reach order (breadth-
 * first, so each row by a shortest path), what dies with a destroyed resource after the direct rows.
 * Built once per scan into the scan's scratch (`buildReachRows`); every other form is a view of it:
 * `reachTable` keeps a copy with its path tree (ranking, the explorer, the agent page), `countReach`
 * (counts.ts) counts it in place, `computeReach` gives row objects (the API, the sweep diff).
 *
 * A direct row is fully determined by the `can` edge that grants it and the identity state that holds
 * the edge: its resource, action and class are the edge's, what the resource holds is memoized on the
 * index, and the rows of one identity state are contiguous and share its hops and path flags. So the
 * rows keep one edge id per row and one entry per identity state, and building them writes one number
 * per row (at 1M edges the median agent has ~158k rows; eight columns of them cost more to allocate and
 * fill than the search itself). What dies with a destroyed resource (a few thousand rows) keeps
 * columns of its own.
 */
import { closureOf, closurePath, flatClosureAt, flatClosuresOf, holdsOf, VICTIM_FIELDS } from "@/lib/graph/reach/closure";
import { FLAG_ASSUMED, FLAG_CLASS_MASK, FLAG_CONDITIONAL, FLAG_DESTROYS_MORE, type ReachIndex } from "@/lib/graph/reach/reach-index";
import { MAX_REACH_DEPTH, PHASE_ACCESS, PHASE_IDENTITY, describeEdge, scanReach, type PathEdge, type RawReachPath, type ReachPhase, type ScanScratch } from "@/lib/graph/reach/scan";
import { ACTION_CLASSES, type ActionClass } from "@/lib/graph/types";

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

/** A start's rows on ids. Direct rows come first, then the contained ones. */
export class ReachRows {
  readonly count: number;
  readonly directCount: number;
  /** Run of the last row looked up: rows are mostly read in order. */
  private lastRun = 0;

  constructor(
    readonly index: ReachIndex,
    /** [direct row] → the `can` edge (CSR index) that grants it. */
    protected readonly canEdge: Int32Array,
    private readonly runs: IdentityRuns,
    protected readonly contained: ContainedRows,
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

/** The rows kept: own arrays and the scan's tree, so rows and paths stay valid after other scans. */
export class ReachTable extends ReachRows {
  constructor(index: ReachIndex, canEdge: Int32Array, runs: IdentityRuns, contained: ContainedRows, readonly tree: ReachTree) {
    super(index, canEdge, runs, contained);
  }

  /** The row's whole path. */
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
}

interface BuiltRows {
  rows: ReachRows;
  /** What `rows` reads, in the scratch: a kept table copies it. */
  parts: { canEdge: Int32Array; runs: IdentityRuns; contained: ContainedRows };
  identities: number[];
  credentials: number[];
  /** States the scan entered: scratch.queue[0 .. visited). */
  visited: number;
  scratch: ScanScratch;
}

/**
 * One scan and its rows, in the scan's scratch: valid until the next scan of this index. Views that
 * keep rows copy them (reachTable); counts read them in place.
 */
export function buildReachRows(index: ReachIndex, start: number, startPhase: ReachPhase = PHASE_ACCESS, maxDepth = MAX_REACH_DEPTH): BuiltRows {
  const scan = scanReach(index, start, startPhase, maxDepth);
  const s = scan.scratch;
  const { queue } = s;
  // The direct rows are at most the edges of the identity states: the buffers sized for them up front.
  let capacity = 0;
  let identityStates = 0;
  for (let q = 0; q < scan.visited; q++) {
    if ((queue[q] & 1) !== PHASE_IDENTITY) continue;
    const node = queue[q] >> 1;
    capacity += index.offsets[node + 1] - index.offsets[node];
    identityStates++;
  }
  growRowBuffers(s, capacity, identityStates);
  const runs: IdentityRuns = { count: 0, end: s.runEnd, state: s.runState, hops: s.runHops, flags: s.runFlags };
  const { count: directCount, containers } = addDirectRows(index, s, scan.visited, runs);
  const contained: ContainedRows = { count: 0, resource: [], action: [], hops: [], containerRow: [], via: [], closureAt: [] };
  const canEdge = s.rowEdge.subarray(0, directCount);
  addContainedRows(index, s, canEdge, runs, s.containerRows.subarray(0, containers), contained);
  clearPairMarks(index, s, canEdge);
  return { rows: new ReachRows(index, canEdge, runs, contained), parts: { canEdge, runs, contained }, identities: scan.identities, credentials: scan.credentials, visited: scan.visited, scratch: s };
}

function growRowBuffers(s: ScanScratch, rows: number, runs: number): void {
  if (s.rowEdge.length < rows) {
    const size = Math.max(rows, s.rowEdge.length * 2);
    s.rowEdge = new Int32Array(size);
    s.containerRows = new Int32Array(size);
  }
  if (s.runEnd.length < runs) {
    const size = Math.max(runs, s.runEnd.length * 2);
    s.runEnd = new Int32Array(size);
    s.runState = new Int32Array(size);
    s.runHops = new Int32Array(size);
    s.runFlags = new Uint16Array(size);
  }
}

/** A start's rows, kept with their path tree. */
export function reachTable(index: ReachIndex, start: number, startPhase: ReachPhase = PHASE_ACCESS, maxDepth = MAX_REACH_DEPTH): ReachTable {
  return keepRows(index, buildReachRows(index, start, startPhase, maxDepth));
}

function keepRows(index: ReachIndex, built: BuiltRows): ReachTable {
  const { queue, parentNode, parentEdge: parentEdgeOf } = built.scratch;
  const { canEdge, runs, contained } = built.parts;
  const kept: IdentityRuns = {
    count: runs.count,
    end: runs.end.slice(0, runs.count),
    state: runs.state.slice(0, runs.count),
    hops: runs.hops.slice(0, runs.count),
    flags: runs.flags.slice(0, runs.count),
  };
  const states = queue.slice(0, built.visited);
  const position = new Map<number, number>();
  const parent = new Int32Array(states.length);
  const parentEdge = new Int32Array(states.length);
  for (let i = 0; i < states.length; i++) {
    position.set(states[i], i);
    parent[i] = parentNode[states[i]];
    parentEdge[i] = parentEdgeOf[states[i]];
  }
  return new ReachTable(index, canEdge.slice(), kept, contained, { states, parent, parentEdge, position });
}

/**
 * One row per (resource, action) pair first granted by a `can` edge of the scan's identity states, in
 * breadth-first order (so by a shortest path): its edge into the row buffer from row 0, and a run per
 * identity state that granted any. The pairs taken are marked in the scratch's bitset (~112 kB at 1M
 * edges, so the marks stay in cache), and the rows whose resource takes other things with it (the index
 * flags their grants) are listed in `containerRows` without a branch: a mispredicted branch per row cost
 * more than the rest of the loop.
 */
function addDirectRows(index: ReachIndex, s: ScanScratch, visited: number, runs: IdentityRuns): { count: number; containers: number } {
  const { offsets, flags } = index;
  const { ofEdge } = index.pairs;
  const { pairTaken, queue, pathFlags, depth, rowEdge: canEdge, containerRows } = s;
  if (s.pairTakenDirty) pairTaken.fill(0);
  s.pairTakenDirty = true;
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
 * A build with few rows (most credentials) unmarks its own pairs, so the next build need not clear the
 * whole bitset (112 kB at 1M edges, for every one of thousands of credentials counted); one with many
 * leaves it to the next build's clear.
 */
function clearPairMarks(index: ReachIndex, s: ScanScratch, canEdge: Int32Array): void {
  if (canEdge.length * 8 > s.pairTaken.length) return;
  const { ofEdge } = index.pairs;
  const { pairTaken } = s;
  for (let i = 0; i < canEdge.length; i++) {
    const pair = ofEdge[canEdge[i]];
    pairTaken[pair >> 5] = 0;
  }
  s.pairTakenDirty = false;
}

/**
 * What dies with each D1 target, as rows after the direct ones; the shortest whole path wins. A pair
 * taken already is a direct row and always wins; contained rows are found through a short chain per
 * victim (one row per D1 action that reaches it).
 */
function addContainedRows(index: ReachIndex, s: ScanScratch, canEdge: Int32Array, runs: IdentityRuns, containerRows: Int32Array, out: ContainedRows): void {
  const { dst, action } = index;
  const { action: pairAction } = index.pairs;
  const { pairTaken } = s;
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

// ── Rows as objects ────────────────────────────────────────────────────────────────

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

/** One row of a table as an object; its path is built on first read (from the table's tree). */
class TableRow implements RawReachRow {
  readonly action: string;
  readonly class: ActionClass;
  readonly resource: number;
  readonly assumed: boolean;
  readonly conditional: boolean;
  readonly holds: number;
  readonly via: number | null;
  readonly hops: number;
  private built?: RawReachPath;

  constructor(
    private readonly table: ReachTable | null,
    private readonly row: number,
    source: ReachTable,
  ) {
    const flags = source.pathFlags(row);
    const via = source.via(row);
    this.action = source.index.actions[source.action(row)] ?? "";
    this.class = ACTION_CLASSES[source.classCode(row) - 1];
    this.resource = source.resource(row);
    this.assumed = (flags & FLAG_ASSUMED) !== 0;
    this.conditional = (flags & FLAG_CONDITIONAL) !== 0;
    this.holds = source.holds(row);
    this.via = via >= 0 ? via : null;
    this.hops = source.hops(row);
  }

  get path(): RawReachPath {
    if (!this.table) return EMPTY_PATH;
    return (this.built ??= this.table.path(this.row));
  }
}

/** One row of a table as an object; its path is built on first read. */
export function rawRowAt(table: ReachTable, i: number, withPath = true): RawReachRow {
  return new TableRow(withPath ? table : null, i, table);
}

const EMPTY_PATH: RawReachPath = { nodes: [], edges: [] };

export interface ReachResult {
  rows: RawReachRow[];
  /** Node ids entered in the identity phase, in BFS order. */
  identities: number[];
  /** Credentials passed through, in BFS order. */
  credentials: number[];
}

/** A start's rows as objects (the API, the sweep diff): a view of its table. */
export function computeReach(index: ReachIndex, start: number, startPhase: ReachPhase = PHASE_ACCESS, options: { paths?: boolean; maxDepth?: number } = {}): ReachResult {
  const built = buildReachRows(index, start, startPhase, options.maxDepth);
  const table = keepRows(index, built);
  const withPaths = options.paths ?? true;
  const rows: RawReachRow[] = new Array(table.count);
  for (let i = 0; i < table.count; i++) rows[i] = rawRowAt(table, i, withPaths);
  return { rows, identities: built.identities, credentials: built.credentials };
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
