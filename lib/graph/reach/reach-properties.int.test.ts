/**
 * Property tests of the engine against the reference (the recursive SQL) on random estates, on every
 * driver: the counting rule counts the same from the engine's rows as from the reference's, and reverse
 * reach names exactly the agents, credentials and identities whose forward reach destroys the target.
 */
import fc from "fast-check";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { DatabaseHandle } from "@/lib/db/client";
import { loadReachIndex } from "@/lib/db/queries/reach-index-cache";
import { describeEachDriver } from "@/lib/db/testing/drivers";
import { queryReachRowsBySql } from "@/lib/db/testing/reach-reference";
import { queryRows } from "@/lib/db/rows";
import { ingestBatch } from "@/lib/db/store/ingest";
import { nodeKindFromCode } from "@/lib/graph/kind-codes";
import { countReach } from "@/lib/graph/reach/counts";
import { countRowObjects } from "@/lib/graph/reach/counting-rule";
import { findDestroyers, findShortestPaths } from "@/lib/graph/reach/reverse";
import type { RawReachRow } from "@/lib/graph/reach/rows";
import { PHASE_ACCESS, PHASE_IDENTITY, type RawReachPath, type ReachPhase } from "@/lib/graph/reach/scan";
import { randomEstate } from "@/lib/graph/reach/testing/random-estate";
import type { GraphBatch, NodeKind } from "@/lib/graph/types";

const RUNS = 25;

describeEachDriver("reach properties against the recursive query", (testDb) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await testDb.create();
  });
  afterAll(async () => {
    await handle.close();
  });

  /** The estate alone in the database, its index, and the reference's rows from every start. */
  async function load(batch: GraphBatch) {
    await handle.db.execute(sql`truncate nodes, edges, sweeps, sources restart identity cascade`);
    await ingestBatch(handle.db, "random", batch);
    const index = await loadReachIndex(handle.db);
    const nodes = (await queryRows<{ id: number; kind: number }>(handle.db, sql`select id, kind from nodes order by id`)).map((n) => ({
      id: Number(n.id),
      kind: nodeKindFromCode(Number(n.kind)),
    }));
    const starts = nodes.filter((n) => n.kind === "agent" || n.kind === "credential" || n.kind === "identity");
    const reference = new Map<number, RawReachRow[]>();
    for (const start of starts) reference.set(start.id, await queryReachRowsBySql(handle.db, start.id, phaseOf(start.kind)));
    return { index, nodes, starts, reference };
  }

  it("counts by the counting rule the same from the engine as from the reference's rows", async () => {
    await fc.assert(
      fc.asyncProperty(randomEstate, async (batch) => {
        const { index, starts, reference } = await load(batch);
        for (const start of starts) {
          const counts = countReach(index, start.id, phaseOf(start.kind));
          const expected = countRowObjects(reference.get(start.id)!);
          expect({ actions: counts.actions, resources: counts.resources, atRisk: counts.atRisk }, `start ${start.id}`).toEqual(expected);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it("names as destroyers of each resource and copy exactly the starts whose reach destroys it, with valid shortest paths", async () => {
    await fc.assert(
      fc.asyncProperty(randomEstate, async (batch) => {
        const { index, nodes, starts, reference } = await load(batch);
        for (const target of nodes.filter((n) => n.kind === "resource" || n.kind === "recovery_copy")) {
          const found = findDestroyers(index, target.id, { pathsPerKind: Infinity });
          const got = new Map([...found.agents, ...found.credentials, ...found.identities].map((d) => [d.node, d]));
          for (const start of starts) {
            const rows = reference.get(start.id)!.filter((r) => r.resource === target.id && (r.class === "D1" || r.class === "D2"));
            const destroyer = got.get(start.id);
            expect(destroyer !== undefined, `start ${start.id} → target ${target.id}`).toBe(rows.length > 0);
            if (!destroyer) continue;
            expect(destroyer.kind).toBe(start.kind);
            expect(destroyer.class).toBe(rows.some((r) => r.class === "D1") ? "D1" : "D2");
            expectChain(destroyer.path, start.id, target.id, destroyer.hops);
            // The reference keeps one row per (action, resource), a direct one before a shorter way
            // through a container: its shortest row is never shorter than the true shortest path.
            expect(destroyer.hops).toBeLessThanOrEqual(Math.min(...rows.filter((r) => r.class === destroyer.class).map((r) => r.hops)));
            // The paths query agrees: as short, and every path it lists is a chain of that length.
            const paths = findShortestPaths(index, start.id, phaseOf(start.kind), target.id, { classes: [destroyer.class], limit: 5 });
            expect(paths.hops).toBe(destroyer.hops);
            for (const path of paths.paths) expectChain(path, start.id, target.id, destroyer.hops);
          }
        }
      }),
      { numRuns: RUNS },
    );
  });
});

function phaseOf(kind: NodeKind): ReachPhase {
  return kind === "identity" ? PHASE_IDENTITY : PHASE_ACCESS;
}

/** A path from `from` to `to` whose edges join its nodes in order (stored_in runs copy → resource). */
function expectChain(path: RawReachPath, from: number, to: number, hops: number): void {
  expect(path.nodes[0]).toBe(from);
  expect(path.nodes.at(-1)).toBe(to);
  expect(path.edges).toHaveLength(hops);
  path.edges.forEach((edge, i) => {
    const [a, b] = [path.nodes[i], path.nodes[i + 1]];
    if (edge.kind === "stored_in") expect([edge.src, edge.dst]).toEqual([b, a]);
    else expect([edge.src, edge.dst]).toEqual([a, b]);
  });
}
