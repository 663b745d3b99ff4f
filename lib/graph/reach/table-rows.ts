/**
 * Choosing rows of a reach table on ids, before any name is read (the largest agent at 1M edges has
 * ~250k rows): an agent's table from the few most recent, the rows of some classes, and the candidates
 * for the first rows in reach order, ranked by class and what the resource holds. Names break the ties
 * among candidates; lib/db/queries/reach.ts reads them.
 */
import type { ReachIndex } from "@/lib/graph/reach/reach-index";
import { rawRowAt, reachTable, type RawReachRow, type ReachTable } from "@/lib/graph/reach/rows";
import { PHASE_ACCESS } from "@/lib/graph/reach/scan";
import { ACTION_CLASSES, type ActionClass } from "@/lib/graph/types";

/**
 * Reach tables kept per index, most recent last: an agent page, its class pages and its graph share one,
 * and under load many users ask for the same few agents. Bounded by rows held (a row is a few ints; the
 * largest agent at 1M edges has ~250k), not by a count of tables, so small agents do not push out big
 * ones for nothing.
 */
const recentTables = new WeakMap<ReachIndex, Map<number, ReachTable>>();
export const RECENT_TABLE_ROWS = 1_000_000;

/** The agent's reach table (ids, no names), from the most recently asked for on this index. */
export function getAgentReachTable(index: ReachIndex, agentId: number): ReachTable {
  let recent = recentTables.get(index);
  if (!recent) recentTables.set(index, (recent = new Map()));
  const table = recent.get(agentId) ?? reachTable(index, agentId, PHASE_ACCESS);
  recent.delete(agentId);
  recent.set(agentId, table);
  let rows = 0;
  for (const kept of recent.values()) rows += kept.count;
  for (const [oldest, kept] of recent) {
    if (rows <= RECENT_TABLE_ROWS || recent.size <= 1) break;
    recent.delete(oldest);
    rows -= kept.count;
  }
  return table;
}

/** The rows of these classes (every class when none are given), in table order. */
export function tableRowsOfClasses(table: ReachTable, classes: readonly ActionClass[] | undefined): number[] {
  const codes = new Set((classes ?? ACTION_CLASSES).map((c) => ACTION_CLASSES.indexOf(c) + 1));
  const rows: number[] = [];
  for (let i = 0; i < table.count; i++) if (codes.has(table.classCode(i))) rows.push(i);
  return rows;
}

/** Reach order before names: class, then what the resource holds (lower key first). */
function rankKey(table: ReachTable, i: number): number {
  return table.classCode(i) * 2 ** 32 - table.holds(i);
}

/** The key of the `n`-th row in reach order (every row when there are fewer). */
export function rowKeyAt(table: ReachTable, rows: number[], n: number): number {
  if (rows.length <= n) return Infinity;
  const keys = Float64Array.from(rows, (i) => rankKey(table, i)).sort();
  return keys[Math.max(0, n - 1)];
}

/** The rows whose key is `key` or better: the candidates for the first rows once names break ties. */
export function rowsNoWorseThan(table: ReachTable, rows: number[], key: number): number[] {
  return rows.filter((i) => rankKey(table, i) <= key);
}

/**
 * What any start node reaches (a credential, for the guard's snapshot), as raw rows (ids) of the given
 * classes in table order; resolveReachRows (lib/db/queries/reach.ts) names them. Same rows as an agent's table from that node on.
 */
export function getNodeReachRaw(index: ReachIndex, start: number, classes?: readonly ActionClass[]): RawReachRow[] {
  const table = reachTable(index, start, PHASE_ACCESS);
  return tableRowsOfClasses(table, classes).map((i) => rawRowAt(table, i));
}

/**
 * For each of `classes`, the rows of its first `resourcesPerClass` resources by what they hold, and every
 * row tied with the last of them: resources rank by what they hold, then by name, so names decide among
 * these candidates.
 */
export function firstResourcesCandidates(index: ReachIndex, table: ReachTable, classes: readonly ActionClass[], resourcesPerClass: number): number[] {
  const candidates: number[] = [];
  const rowsByCode = new Map<number, number[]>(classes.map((c) => [ACTION_CLASSES.indexOf(c) + 1, []]));
  for (let i = 0; i < table.count; i++) rowsByCode.get(table.classCode(i))?.push(i);
  const seen = new Uint8Array(index.nodeCount);
  for (const rows of rowsByCode.values()) {
    // Distinct resources and what each holds (a resource holds the same in every row).
    seen.fill(0);
    const holds: number[] = [];
    for (const i of rows) {
      const resource = table.resource(i);
      if (seen[resource]) continue;
      seen[resource] = 1;
      holds.push(table.holds(i));
    }
    if (holds.length === 0) continue;
    const sorted = Int32Array.from(holds).sort().reverse();
    const least = sorted[Math.min(resourcesPerClass, sorted.length) - 1];
    for (const i of rows) if (table.holds(i) >= least) candidates.push(i);
  }
  return candidates;
}
