/**
 * What a start (an agent, a credential) reaches, counted by the counting rule (counting-rule.ts): a view
 * of the engine's rows, counted in place in the scan's scratch, no table kept, no paths. The agents list,
 * the overview and the credential inventory need these counts for every agent and every credential
 * (6,000 at the 1M-edge estate), so they are also kept per built index: the index object is replaced
 * when the graph changes.
 */
import { RuleCounter, type ReachCount } from "@/lib/graph/reach/counting-rule";
import { FLAG_ASSUMED, FLAG_CLASS_MASK, type ReachIndex } from "@/lib/graph/reach/reach-index";
import { buildReachRows } from "@/lib/graph/reach/rows";
import type { ReachPhase, ScanScratch } from "@/lib/graph/reach/scan";
import { ACTION_CLASSES, type ActionClass } from "@/lib/graph/types";

/** Actions kept per class for display ("deleteDatabase, deleteVolume…"). */
const ACTIONS_KEPT = 4;
/** Destructive classes come first in ACTION_CLASSES (D1…D5): codes 1…5; an edge without a class reads as R (7). */
const D1_CODE = 1;
const LAST_DESTRUCTIVE_CODE = 5;
const UNCLASSED_CODE = 7;

export interface ReachCounts extends ReachCount {
  /** The first distinct actions of each class, in reach order (shortest paths first). */
  firstActions: Record<ActionClass, string[]>;
  /** Some destructive row's path holds an edge assumed from a credential's kind. */
  assumedDestructive: boolean;
}

export function countReach(index: ReachIndex, start: number, phase: ReachPhase): ReachCounts {
  const { parts, scratch } = buildReachRows(index, start, phase);
  const { canEdge, runs, contained } = parts;
  const { dst, flags, action } = index;
  scratch.countEpoch = (scratch.countEpoch + 1) >>> 0;
  if (scratch.countEpoch === 0) {
    scratch.countStamp.fill(0);
    scratch.actionMarks.fill(0);
    scratch.countEpoch = 1;
  }
  const epoch = scratch.countEpoch;
  const counter = new RuleCounter(scratch.classesSeen, scratch.countStamp, epoch);
  const firstActions: number[][] = ACTION_CLASSES.map(() => []);
  // [action id * 8 + class code] → the count that listed it: an action may carry several classes.
  const listedMarks = actionMarks(scratch, index.actions.length * 8);
  let assumed = 0;
  // One pass over the rows' columns, run by run (a run shares its identity's path flags).
  let row = 0;
  for (let r = 0; r < runs.count; r++) {
    const runFlags = runs.flags[r];
    for (const end = runs.end[r]; row < end; row++) {
      const e = canEdge[row];
      const f = flags[e];
      const code = f & FLAG_CLASS_MASK || UNCLASSED_CODE;
      counter.add(code, dst[e]);
      const mark = action[e] * 8 + code;
      if (listedMarks[mark] !== epoch) {
        listedMarks[mark] = epoch;
        const listed = firstActions[code - 1];
        if (listed.length < ACTIONS_KEPT) listed.push(action[e]);
      }
      assumed |= (runFlags | f) & ASSUMED_IF_DESTRUCTIVE[code];
    }
  }
  // What dies with a destroyed resource: D1 rows of the container's action, listed and flagged already.
  for (let i = 0; i < contained.count; i++) counter.add(D1_CODE, contained.resource[i]);
  return {
    ...counter.result(),
    firstActions: Object.fromEntries(ACTION_CLASSES.map((c, i) => [c, firstActions[i].map((aid) => index.actions[aid] ?? "")])) as Record<ActionClass, string[]>,
    assumedDestructive: assumed !== 0,
  };
}

/** [class code] → FLAG_ASSUMED for the destructive classes (D1…D5), 0 for the others. */
const ASSUMED_IF_DESTRUCTIVE = Uint16Array.from({ length: 8 }, (_, code) => (code >= D1_CODE && code <= LAST_DESTRUCTIVE_CODE ? FLAG_ASSUMED : 0));

function actionMarks(scratch: ScanScratch, size: number): Uint32Array {
  if (scratch.actionMarks.length < size) scratch.actionMarks = new Uint32Array(size);
  return scratch.actionMarks;
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
