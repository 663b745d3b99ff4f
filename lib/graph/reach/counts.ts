/**
 * What a start (an agent, a credential) reaches, counted per action class: the same (action, resource)
 * rows as reachTable in lib/graph/reach.ts, containment included, but counted straight from the
 * breadth-first scan without building rows or paths. The agents list, the overview and the credential
 * inventory need these counts for every agent and every credential (6,000 at the 1M-edge estate), so
 * they are also kept per built index: the index object is replaced when the graph changes.
 */
import { PHASE_IDENTITY, closureOf, holdsOf, scanReach, type ReachPhase } from "@/lib/graph/reach/scan";
import { CODE, FLAG_ASSUMED, FLAG_CLASS_MASK, pairOf, type ReachIndex } from "@/lib/graph/reach/reach-index";
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

/** Per index: [pair] → the count that last saw it (the index numbers its (resource, action) pairs). */
interface PairMarks {
  seen: Uint32Array;
  /** Scratch marks for the actions listed per class. */
  actionSeen: Uint32Array;
  epoch: number;
}

const marksByIndex = new WeakMap<ReachIndex, PairMarks>();

function marksOf(index: ReachIndex): PairMarks {
  let marks = marksByIndex.get(index);
  if (!marks) marksByIndex.set(index, (marks = { seen: new Uint32Array(index.pairs.count), actionSeen: new Uint32Array(0), epoch: 0 }));
  return marks;
}

function actionMarks(marks: PairMarks, size: number): Uint32Array {
  if (marks.actionSeen.length < size) marks.actionSeen = new Uint32Array(size);
  return marks.actionSeen;
}

export function countReach(index: ReachIndex, start: number, phase: ReachPhase): ReachCounts {
  const { offsets, dst, kind, flags, action, actions, nodeCount } = index;
  const { ofEdge } = index.pairs;
  const marks = marksOf(index);
  marks.epoch = (marks.epoch + 1) >>> 0;
  if (marks.epoch === 0) {
    marks.seen.fill(0);
    marks.actionSeen.fill(0);
    marks.epoch = 1;
  }
  const epoch = marks.epoch;
  const perClass = new Int32Array(ACTION_CLASSES.length);
  const firstActions: number[][] = ACTION_CLASSES.map(() => []);
  // [action id × classes + class] → this count's epoch once listed (an action may carry several classes).
  const listed = actionMarks(marks, actions.length * ACTION_CLASSES.length);
  let assumedDestructive = false;
  // The scan's breadth-first queue is the rows' order; rows are read off it, as reachTable does.
  const scan = scanReach(index, start, phase, undefined);
  const { queue, pathFlags } = index.scratch;
  const { holds } = index;
  const seen = marks.seen;
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
  // Pairs no `can` edge grants exist only as what dies with a container: few, kept in a set.
  const containedOnly = new Set<number>();
  for (let i = 0; i < containers.length; i += 2) {
    const aid = containers[i + 1];
    for (const victim of closureOf(index, containers[i]).nodes) {
      const pair = pairOf(index, victim, aid);
      if (pair >= 0) {
        if (seen[pair] === epoch) continue;
        seen[pair] = epoch;
      } else {
        const key = aid * nodeCount + victim;
        if (containedOnly.has(key)) continue;
        containedOnly.add(key);
      }
      perClass[D1]++;
    }
  }
  return {
    rows: Object.fromEntries(ACTION_CLASSES.map((c, i) => [c, perClass[i]])) as Record<ActionClass, number>,
    actions: Object.fromEntries(ACTION_CLASSES.map((c, i) => [c, firstActions[i].map((aid) => actions[aid] ?? "")])) as Record<ActionClass, string[]>,
    assumedDestructive,
  };
}

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
