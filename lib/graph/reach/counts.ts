/**
 * What a start (an agent, a credential) reaches, counted by the counting rule (counting-rule.ts): a view
 * of the engine's rows, counted in place in the scan's scratch, no table kept, no paths. The agents list,
 * the overview and the credential inventory need these counts for every agent and every credential
 * (6,000 at the 1M-edge estate), so they are also kept per built index: the index object is replaced
 * when the graph changes.
 */
import { countRows, type ReachCount } from "@/lib/graph/reach/counting-rule";
import { FLAG_ASSUMED, type ReachIndex } from "@/lib/graph/reach/reach-index";
import { buildReachRows } from "@/lib/graph/reach/rows";
import type { ReachPhase } from "@/lib/graph/reach/scan";
import { ACTION_CLASSES, type ActionClass } from "@/lib/graph/types";

/** Actions kept per class for display ("deleteDatabase, deleteVolume…"). */
const ACTIONS_KEPT = 4;
/** Destructive classes come first in ACTION_CLASSES (D1…D5): codes 1…5. */
const LAST_DESTRUCTIVE_CODE = 5;

export interface ReachCounts extends ReachCount {
  /** The first distinct actions of each class, in reach order (shortest paths first). */
  firstActions: Record<ActionClass, string[]>;
  /** Some destructive row's path holds an edge assumed from a credential's kind. */
  assumedDestructive: boolean;
}

export function countReach(index: ReachIndex, start: number, phase: ReachPhase): ReachCounts {
  const { rows, scratch } = buildReachRows(index, start, phase);
  const counted = countRows(rows, scratch.classesSeen);
  const firstActions: number[][] = ACTION_CLASSES.map(() => []);
  let assumedDestructive = false;
  let listing = ACTION_CLASSES.length;
  for (let i = 0; i < rows.count && (listing > 0 || !assumedDestructive); i++) {
    const code = rows.classCode(i);
    const listed = firstActions[code - 1];
    if (listed.length < ACTIONS_KEPT) {
      const aid = rows.action(i);
      if (!listed.includes(aid)) {
        listed.push(aid);
        if (listed.length === ACTIONS_KEPT) listing--;
      }
    }
    if (!assumedDestructive && code <= LAST_DESTRUCTIVE_CODE && rows.pathFlags(i) & FLAG_ASSUMED) assumedDestructive = true;
  }
  return {
    ...counted,
    firstActions: Object.fromEntries(ACTION_CLASSES.map((c, i) => [c, firstActions[i].map((aid) => index.actions[aid] ?? "")])) as Record<ActionClass, string[]>,
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
