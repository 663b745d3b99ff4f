import { describe, expect, it } from "vitest";
import { indexGraphBatch } from "@/lib/graph/reach/from-batch";
import { computeReach, reachTable, type ReachTable } from "@/lib/graph/reach/rows";
import { FLAG_ASSUMED, FLAG_CONDITIONAL, type ReachIndex } from "@/lib/graph/reach/reach-index";
import { incidentBatch } from "@/lib/graph/reach/fixtures/incident-graph";
import { tangledBatch } from "@/lib/graph/reach/fixtures/tangled-graph";
import { ACTION_CLASSES } from "@/lib/graph/types";

const batches = () => [incidentBatch(), tangledBatch(7), tangledBatch(42)];

/** Every row of a table as one string, read in the given order of rows. */
function rowsOf(index: ReachIndex, table: ReachTable, order: number[]) {
  return order.map((i) =>
    JSON.stringify({
      action: index.actions[table.action(i)],
      resource: table.resource(i),
      via: table.via(i),
      cls: ACTION_CLASSES[table.classCode(i) - 1],
      hops: table.hops(i),
      holds: table.holds(i),
      flags: table.pathFlags(i),
      path: table.path(i),
    }),
  );
}

describe("reachTable", () => {
  it("holds the same rows and paths as computeReach", () => {
    for (const batch of batches()) {
      const { index, nodes } = indexGraphBatch(batch);
      for (const agent of [...nodes.values()].filter((n) => n.kind === "agent")) {
        const objects = computeReach(index, agent.id).rows.map((r) => ({
          key: `${r.action}|${r.resource}|${r.via}`,
          cls: r.class,
          hops: r.hops,
          holds: r.holds,
          assumed: r.assumed,
          conditional: r.conditional,
          path: JSON.stringify(r.path),
        }));
        const table = reachTable(index, agent.id);
        const rows = Array.from({ length: table.count }, (_, i) => ({
          key: `${index.actions[table.action(i)]}|${table.resource(i)}|${table.via(i) < 0 ? null : table.via(i)}`,
          cls: ACTION_CLASSES[table.classCode(i) - 1],
          hops: table.hops(i),
          holds: table.holds(i),
          assumed: (table.pathFlags(i) & FLAG_ASSUMED) !== 0,
          conditional: (table.pathFlags(i) & FLAG_CONDITIONAL) !== 0,
          path: JSON.stringify(table.path(i)),
        }));
        const byKey = (a: { key: string }, b: { key: string }) => (a.key < b.key ? -1 : 1);
        expect(rows.sort(byKey)).toEqual(objects.sort(byKey));
      }
    }
  });

  it("reads the same rows in any order, and after other tables were built on the index", () => {
    for (const batch of batches()) {
      const { index, nodes } = indexGraphBatch(batch);
      const starts = [...nodes.values()].filter((n) => n.kind === "agent" || n.kind === "credential").map((n) => n.id);
      const tables = starts.map((id) => reachTable(index, id));
      for (const [i, id] of starts.entries()) {
        const table = tables[i];
        const forward = Array.from({ length: table.count }, (_, row) => row);
        const inOrder = rowsOf(index, table, forward);
        expect(rowsOf(index, table, [...forward].reverse()).reverse()).toEqual(inOrder);
        // Every other row, from both ends in turn: lookups that jump between identities.
        const zigzag = forward.map((_, k) => (k % 2 ? table.count - 1 - (k >> 1) : k >> 1));
        expect(rowsOf(index, table, zigzag)).toEqual(zigzag.map((row) => inOrder[row]));
        expect(rowsOf(index, reachTable(index, id), forward)).toEqual(inOrder);
      }
    }
  });

  it("lists what dies with a destroyed resource after the direct rows, marked with the container", () => {
    const { index, nodes } = indexGraphBatch(incidentBatch());
    for (const agent of [...nodes.values()].filter((n) => n.kind === "agent")) {
      const table = reachTable(index, agent.id);
      for (let i = 0; i < table.count; i++) expect(table.via(i) >= 0).toBe(i >= table.directCount);
    }
    const contained = [...nodes.values()]
      .filter((n) => n.kind === "agent")
      .map((agent) => reachTable(index, agent.id))
      .reduce((sum, table) => sum + table.count - table.directCount, 0);
    expect(contained).toBeGreaterThan(0);
  });
});
