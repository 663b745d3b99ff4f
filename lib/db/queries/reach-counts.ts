/**
 * What a start (an agent, a credential) reaches, counted per action class: the same (action, resource)
 * rows as reachTable in lib/graph/reach.ts, containment included, but counted straight from the
 * breadth-first scan without building rows or paths. The agents list, the overview and the credential
 * inventory need these counts for every agent and every credential (6,000 at the 1M-edge estate), so
 * they are also kept per built index: the index object is replaced when the graph changes.
 */
import { PHASE_IDENTITY, closureOf, holdsOf, scanReach, type ReachPhase } from "@/lib/graph/reach";
import { CODE, FLAG_ASSUMED, FLAG_CLASS_MASK, type ReachIndex } from "@/lib/graph/reach-index";
import { ACTION_CLASSES, DESTRUCTIVE_CLASSES, type ActionClass } from "@/lib/graph/types";

/** Actions kept per class for display ("deleteDatabase, deleteVolume…"). */
const ACTIONS_KEPT = 4;

export interface ReachCounts {
  /** (action, resource) rows per class, what dies with a destroyed resource included. */
  rows: Record<ActionClass, number>;
  /** The first distinct actions of each class, in reach order (shortest paths first). */
  actions: Record<ActionClass, string[]>;
  /** Some destructive row's path holds an edge assumed from a credential's kind. */
  assumedDestructive: boolean;
}

/** Destructive classes come first in ACTION_CLASSES (D1…D5). */
const DESTRUCTIVE_COUNT = DESTRUCTIVE_CLASSES.length;
const D1 = ACTION_CLASSES.indexOf("D1");

/**
 * Every distinct (action, resource) pair of the index's `can` edges gets a small id once per index, so
 * the per-start dedupe is one mark in a flat array instead of a hash or a chain walk: at 1M edges the
 * dedupe, not the search, is what counting costs (about 30M rows for 200 agents).
 */
interface PairIds {
  /** [CSR edge] → id of its (action, resource) pair; -1 for other edge kinds. */
  ofEdge: Int32Array;
  /** (action id × node count + resource) → pair id; contained pairs are added on first use. */
  byKey: Map<number, number>;
  /** [pair id] → the count that last saw the pair. */
  seen: Uint32Array;
  /** Scratch marks for the actions listed per class. */
  actionSeen: Uint32Array;
  epoch: number;
}

const pairIdsByIndex = new WeakMap<ReachIndex, PairIds>();

function pairIdsOf(index: ReachIndex): PairIds {
  const known = pairIdsByIndex.get(index);
  if (known) return known;
  const ofEdge = new Int32Array(index.edgeCount).fill(-1);
  const byKey = new Map<number, number>();
  for (let e = 0; e < index.edgeCount; e++) {
    if (index.kind[e] !== CODE.can) continue;
    const key = index.action[e] * index.nodeCount + index.dst[e];
    let id = byKey.get(key);
    if (id === undefined) byKey.set(key, (id = byKey.size));
    ofEdge[e] = id;
  }
  const pairs = { ofEdge, byKey, seen: new Uint32Array(byKey.size + 1024), actionSeen: new Uint32Array(0), epoch: 0 };
  pairIdsByIndex.set(index, pairs);
  return pairs;
}

/** The id of a contained (action, victim) pair, allocated when no `can` edge has it. */
function containedPairId(pairs: PairIds, key: number): number {
  let id = pairs.byKey.get(key);
  if (id !== undefined) return id;
  pairs.byKey.set(key, (id = pairs.byKey.size));
  if (id >= pairs.seen.length) {
    const bigger = new Uint32Array(pairs.seen.length * 2);
    bigger.set(pairs.seen);
    pairs.seen = bigger;
  }
  return id;
}

function actionMarks(pairs: PairIds, size: number): Uint32Array {
  if (pairs.actionSeen.length < size) pairs.actionSeen = new Uint32Array(size);
  return pairs.actionSeen;
}

export function countReach(index: ReachIndex, start: number, phase: ReachPhase): ReachCounts {
  const { offsets, dst, kind, flags, action, actions, nodeCount } = index;
  const pairs = pairIdsOf(index);
  const { ofEdge } = pairs;
  pairs.epoch = (pairs.epoch + 1) >>> 0;
  if (pairs.epoch === 0) {
    pairs.seen.fill(0);
    pairs.actionSeen.fill(0);
    pairs.epoch = 1;
  }
  const epoch = pairs.epoch;
  const perClass = new Int32Array(ACTION_CLASSES.length);
  const firstActions: number[][] = ACTION_CLASSES.map(() => []);
  // [action id × classes + class] → this count's epoch once listed (an action may carry several classes).
  const listed = actionMarks(pairs, actions.length * ACTION_CLASSES.length);
  let assumedDestructive = false;
  // The scan's breadth-first queue is the rows' order; rows are read off it, as reachTable does.
  const scan = scanReach(index, start, phase, NO_CAN);
  const { queue, pathFlags } = index.scratch;
  const { holds } = index;
  let seen = pairs.seen;
  // D1 targets that take other things with them, as (resource, action id) pairs.
  const containers: number[] = [];
  for (let q = 0; q < scan.visited; q++) {
    const state = queue[q];
    if ((state & 1) !== PHASE_IDENTITY) continue;
    const node = state >> 1;
    const assumedSoFar = pathFlags[state] & FLAG_ASSUMED;
    for (let e = offsets[node], end = offsets[node + 1]; e < end; e++) {
      if (kind[e] !== CODE.can) continue;
      const pair = ofEdge[e];
      if (seen[pair] === epoch) continue;
      seen[pair] = epoch;
      const code = (flags[e] & FLAG_CLASS_MASK || ACTION_CLASSES.length) - 1;
      perClass[code]++;
      const mark = action[e] * ACTION_CLASSES.length + code;
      if (listed[mark] !== epoch) {
        listed[mark] = epoch;
        if (firstActions[code].length < ACTIONS_KEPT) firstActions[code].push(action[e]);
      }
      if (code < DESTRUCTIVE_COUNT && (assumedSoFar | flags[e]) & FLAG_ASSUMED) assumedDestructive = true;
      if (code === D1) {
        const resource = dst[e];
        if ((holds[resource] >= 0 ? holds[resource] : holdsOf(index, resource)) > 0) containers.push(resource, action[e]);
      }
    }
  }
  for (let i = 0; i < containers.length; i += 2) {
    const aid = containers[i + 1];
    for (const victim of closureOf(index, containers[i]).nodes) {
      const pair = containedPairId(pairs, aid * nodeCount + victim);
      seen = pairs.seen;
      if (seen[pair] === epoch) continue;
      seen[pair] = epoch;
      perClass[D1]++;
    }
  }
  return {
    rows: Object.fromEntries(ACTION_CLASSES.map((c, i) => [c, perClass[i]])) as Record<ActionClass, number>,
    actions: Object.fromEntries(ACTION_CLASSES.map((c, i) => [c, firstActions[i].map((aid) => actions[aid] ?? "")])) as Record<ActionClass, string[]>,
    assumedDestructive,
  };
}

const NO_CAN = () => {};

const cache = new WeakMap<ReachIndex, Map<number, ReachCounts>>();

/** countReach, remembered for as long as this index is the current one. */
export function getReachCounts(index: ReachIndex, start: number, phase: ReachPhase): ReachCounts {
  let known = cache.get(index);
  if (!known) cache.set(index, (known = new Map()));
  const key = start * 2 + phase;
  let counts = known.get(key);
  if (!counts) known.set(key, (counts = countReach(index, start, phase)));
  return counts;
}
