/**
 * The one forward scan: from an agent (or a credential, or an identity), breadth-first over the index,
 * every state it enters with the shortest path that explains it. Rows (rows.ts), counts (counts.ts) and
 * the finding rules' kept trees (search-tree.ts) are all read off this scan.
 *
 *   access phase:   agent ─can_read→ workspace ─contains→* file ─contains→ credential
 *                   agent ─configured_with→ mcp_server ─configured_with→ credential
 *   identity phase: credential ─authenticates_as→ identity ─member_of / can_assume→* identity ─can→ resource
 *   closure (D1):   resource ─contains→* resource, resource ←stored_in─ recovery_copy   (closure.ts)
 *
 * Breadth-first, so each state is entered once (cycle-safe) by a shortest path, and depth is bounded.
 * The scan owns its scratch memory, one set per index (reach runs synchronously), and so does every view
 * built on it: the row builder's buffers and marks live here too, not in module globals of their own.
 */
import { CODE, FLAG_ASSUMED, FLAG_CONDITIONAL, STORED_IN_REVERSED, measureReachIndexBytes, type ReachIndex } from "@/lib/graph/reach/reach-index";
import { edgeKindFromCode } from "@/lib/graph/kind-codes";
import type { EdgeKind } from "@/lib/graph/types";

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

/** Scratch memory of the scans of one index: traversal state, and the buffers the views fill from it. */
export interface ScanScratch {
  epoch: number;
  seen: Uint32Array; // [node * 2 + phase] → epoch when visited
  parentNode: Int32Array; // [state] → previous state (node * 2 + phase), -1 at the start
  parentEdge: Int32Array; // [state] → CSR edge index that led here
  depth: Uint8Array;
  queue: Int32Array;
  /** [state] → FLAG_ASSUMED | FLAG_CONDITIONAL seen on the path so far. */
  pathFlags: Uint16Array;
  /**
   * Bit per (resource, action) pair: set when the rows being built have taken the pair (a row's dedupe
   * mark). A bit, so the marks of the ~900k pairs at 1M edges (112 kB) stay in cache; cleared per build.
   */
  pairTaken: Int32Array;
  /** The row builder's buffers (rows.ts), grown on demand and reused by every build. */
  rowEdge: Int32Array;
  containerRows: Int32Array;
  runEnd: Int32Array;
  runState: Int32Array;
  runHops: Int32Array;
  runFlags: Uint16Array;
  /** Set when pairTaken may hold marks of an earlier build: the next build clears it whole. */
  pairTakenDirty: boolean;
  /** [node] → bits of the class codes seen on it by the count of epoch countStamp[node] (counts.ts). */
  classesSeen: Uint8Array;
  countStamp: Uint32Array;
  countEpoch: number;
  /** [action id * 8 + class code] → the count that listed the action for the class (counts.ts). */
  actionMarks: Uint32Array;
}

const scratchByIndex = new WeakMap<ReachIndex, ScanScratch>();

/** The scans' scratch for this index, allocated on the first scan. */
export function scanScratch(index: ReachIndex): ScanScratch {
  let s = scratchByIndex.get(index);
  if (!s) {
    const states = index.nodeCount * 2;
    s = {
      epoch: 0,
      seen: new Uint32Array(states),
      parentNode: new Int32Array(states),
      parentEdge: new Int32Array(states),
      depth: new Uint8Array(states),
      queue: new Int32Array(states),
      pathFlags: new Uint16Array(states),
      pairTaken: new Int32Array((index.pairs.count + 31) >> 5),
      rowEdge: new Int32Array(1 << 12),
      containerRows: new Int32Array(1 << 12),
      runEnd: new Int32Array(1 << 8),
      runState: new Int32Array(1 << 8),
      runHops: new Int32Array(1 << 8),
      runFlags: new Uint16Array(1 << 8),
      pairTakenDirty: false,
      classesSeen: new Uint8Array(index.nodeCount),
      countStamp: new Uint32Array(index.nodeCount),
      countEpoch: 0,
      actionMarks: new Uint32Array(0),
    };
    scratchByIndex.set(index, s);
  }
  return s;
}

/** Bytes held by the index and its scans' scratch (for the benchmark and the status page). */
export function measureReachBytes(index: ReachIndex): number {
  const s = scanScratch(index);
  const scratch = Object.values(s).filter(ArrayBuffer.isView) as ArrayBufferView[];
  return measureReachIndexBytes(index) + scratch.reduce((sum, a) => sum + a.byteLength, 0);
}

const state = (node: number, phase: number) => node * 2 + phase;

export interface ReachScan {
  /** Node ids entered in the identity phase (identities), in BFS order. */
  identities: number[];
  /** Node ids entered in the access phase that authenticate as something (credentials), in BFS order. */
  credentials: number[];
  /** States entered, in BFS order, are scratch.queue[0 .. visited). */
  visited: number;
  scratch: ScanScratch;
}

/**
 * The breadth-first search itself. It walks only the edges that lead somewhere (a node's `can` edges sort
 * after the rest, `walkEnd`); the views read the `can` edges of the identity states it entered, in BFS
 * order, so the first row of an (action, resource) comes by a shortest path. Parents stay in the scratch
 * until the next scan: views that keep paths copy what they need (rows.ts, search-tree.ts).
 */
export function scanReach(index: ReachIndex, start: number, startPhase: ReachPhase, maxDepth = MAX_REACH_DEPTH): ReachScan {
  const { offsets, walkEnd, dst, kind, flags } = index;
  const s = scanScratch(index);
  s.epoch = (s.epoch + 1) >>> 0;
  if (s.epoch === 0) {
    s.seen.fill(0);
    s.epoch = 1;
  }
  const epoch = s.epoch;
  const identities: number[] = [];
  const credentials: number[] = [];
  if (start < 0 || start >= index.nodeCount) return { identities, credentials, visited: 0, scratch: s };
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
    for (let e = offsets[node], end = walkEnd[node]; e < end; e++) {
      const k = kind[e];
      let nextPhase: number;
      if (phase === PHASE_ACCESS) {
        if (k === CODE.canRead || k === CODE.contains || k === CODE.configuredWith) nextPhase = PHASE_ACCESS;
        else if (k === CODE.authenticatesAs) {
          if (credentials[credentials.length - 1] !== node) credentials.push(node);
          nextPhase = PHASE_IDENTITY;
        } else continue;
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
  return { identities, credentials, visited: tail, scratch: s };
}

export function describeEdge(index: ReachIndex, from: number, e: number): PathEdge {
  const k = index.kind[e];
  if (k === STORED_IN_REVERSED) return { kind: "stored_in", src: index.dst[e], dst: from };
  const edge: PathEdge = { kind: edgeKindFromCode(k), src: from, dst: index.dst[e] };
  if (k === CODE.can) edge.action = index.actions[index.action[e]];
  return edge;
}
