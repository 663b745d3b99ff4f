import { afterEach, beforeEach, expect, it } from "vitest";
import type { DatabaseHandle } from "@/lib/db/client";
import { getAgentReach, listAgentsWithReachCounts, type ReachRow } from "@/lib/db/queries/reach";
import { getAgentReachBySql } from "@/lib/db/testing/reach-reference";
import { describeEachDriver } from "@/lib/db/testing/drivers";
import { ingestBatch } from "@/lib/db/store/ingest";
import { incidentBatch } from "@/lib/graph/reach/fixtures/incident-graph";
import { tangledBatch } from "@/lib/graph/reach/fixtures/tangled-graph";

/** Comparable form of a row: everything but the choice among equally short paths. */
const shape = (row: ReachRow) => ({
  action: row.action,
  class: row.class,
  resource: row.resource.key,
  via: row.via,
  holds: row.holds,
  hops: row.path.edges.length,
  start: row.path.nodes[0]?.key,
  end: row.path.nodes.at(-1)?.key,
});

describeEachDriver("reach: index against the recursive query", (testDb) => {
  let handle: DatabaseHandle;
  beforeEach(async () => {
    handle = await testDb.create();
  });
  afterEach(async () => {
    await handle.close();
  });

  it("gives the incident's chain, path for path, from both engines", async () => {
    await ingestBatch(handle.db, "laptop", incidentBatch());
    const fromIndex = await getAgentReach(handle.db, "Cursor");
    const fromSql = await getAgentReachBySql(handle.db, "Cursor");
    expect(fromIndex.rows).toEqual(fromSql.rows);
    expect(fromIndex.rows.map((r) => [r.class, r.action, r.resource.name, r.via])).toEqual([
      ["D1", "volumeDelete", "prod-db volume", null],
      ["D1", "volumeDelete", "prod-db volume backup", "stored in prod-db volume"],
      ["D1", "DROP", "shop database", null],
      ["W", "customDomainCreate", "shop project", null],
    ]);
    expect(fromIndex.rows[0].path.nodes.map((n) => n.kind)).toEqual(["agent", "workspace", "workspace", "file", "credential", "identity", "resource"]);
    expect(fromIndex.rows[0].assumed).toBe(true);

    const writes = await getAgentReach(handle.db, "Cursor", { classes: ["W"] });
    expect(writes.rows.map((r) => r.action)).toEqual(["customDomainCreate"]);
    expect((await getAgentReach(handle.db, String(fromIndex.agent.id), { limit: 1 })).rows).toEqual(fromIndex.rows.slice(0, 1));

    const counts = await listAgentsWithReachCounts(handle.db);
    expect(counts).toEqual([expect.objectContaining({ name: "Cursor", agentKind: "cursor", d1: 3, d2: 0 })]);
  });

  it("agrees with the recursive query on tangled estates, and sees a new sweep", async () => {
    for (const seed of [7, 42]) {
      await ingestBatch(handle.db, `estate-${seed}`, tangledBatch(seed));
      for (const agent of ["agent0", "agent1", "agent2", "agent3"]) {
        const fromIndex = await getAgentReach(handle.db, agent);
        const fromSql = await getAgentReachBySql(handle.db, agent);
        expect(fromIndex.rows.map(shape)).toEqual(fromSql.rows.map(shape));
        for (const row of fromIndex.rows) {
          expect(row.path.edges).toHaveLength(row.path.nodes.length - 1);
          row.path.edges.forEach((edge, i) => {
            const [a, b] = [row.path.nodes[i].id, row.path.nodes[i + 1].id];
            expect(edge.kind === "stored_in" ? [edge.dst, edge.src] : [edge.src, edge.dst]).toEqual([a, b]);
          });
        }
      }
    }
    expect((await getAgentReach(handle.db, "agent0")).rows.length).toBeGreaterThan(0);
  });

  it("names an unknown agent clearly", async () => {
    await expect(getAgentReach(handle.db, "nobody")).rejects.toThrow(/No agent with id, key or name "nobody"/);
  });
});
