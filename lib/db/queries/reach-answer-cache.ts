/**
 * Answers computed from one reach index (an agent page's rows, an agent's explorer graph), kept while
 * that index is current: under load many users open the same few agents, and each answer costs a reach
 * table, a ranking and a layout. A new index (a finished sweep, a write: reach-index-cache.ts) starts
 * with no answers, so nothing outlives the graph it was computed from. Concurrent asks for the same
 * answer share one computation. Each answer is bounded (rows shown, element budget), and so is their
 * number: the least recently used goes first.
 */
import type { ReachIndex } from "@/lib/graph/reach/reach-index";

/** ~10 answers per agent (page, class pages, explorer filters) for the busiest few dozen agents. */
export const ANSWERS_PER_INDEX = 256;

const answers = new WeakMap<ReachIndex, Map<string, Promise<unknown>>>();

/** The answer for `key` on this index, computed once while it is kept. A failed computation is not kept. */
export function rememberOnIndex<T>(index: ReachIndex, key: string, compute: () => Promise<T>, limit = ANSWERS_PER_INDEX): Promise<T> {
  let kept = answers.get(index);
  if (!kept) answers.set(index, (kept = new Map()));
  const known = kept.get(key) as Promise<T> | undefined;
  if (known) {
    kept.delete(key); // most recent last
    kept.set(key, known);
    return known;
  }
  const answer = compute();
  kept.set(key, answer);
  const forgetOnFailure = () => {
    if (kept.get(key) === answer) kept.delete(key);
  };
  answer.catch(forgetOnFailure);
  for (const oldest of kept.keys()) {
    if (kept.size <= limit) break;
    kept.delete(oldest);
  }
  return answer;
}
