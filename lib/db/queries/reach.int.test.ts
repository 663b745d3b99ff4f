import { afterEach, beforeEach, expect, it } from "vitest";
import type { DatabaseHandle } from "@/lib/db/client";
import { getAgentReach, getAgentReachByClass, listAgentsWithReachCounts } from "@/lib/db/queries/reach";
import { describeEachDriver } from "@/lib/db/testing/drivers";
import { ingestBatch } from "@/lib/db/store/ingest";
import { tangledBatch } from "@/lib/graph/reach/fixtures/tangled-graph";
import { DESTRUCTIVE_CLASSES } from "@/lib/graph/types";

describeEachDriver("reach ranked on ids", (testDb) => {
  let handle: DatabaseHandle;
  beforeEach(async () => {
    handle = await testDb.create();
  });
  afterEach(async () => {
    await handle.close();
  });

  it("gives the agent page the first resources of each class exactly as the full ranking does, and counts the rest", async () => {
    for (const seed of [7, 42]) await ingestBatch(handle.db, `estate-${seed}`, tangledBatch(seed));
    const counts = await listAgentsWithReachCounts(handle.db);
    for (const agent of ["agent0", "agent1", "agent2", "agent3"]) {
      const full = await getAgentReach(handle.db, agent, { classes: [...DESTRUCTIVE_CLASSES] });
      for (const resourcesPerClass of [1, 2, 5]) {
        const byClass = await getAgentReachByClass(handle.db, agent, { classes: DESTRUCTIVE_CLASSES, resourcesPerClass });
        const firstResources = new Map<string, Set<number>>();
        const expected = full.rows.filter((row) => {
          const kept = firstResources.get(row.class) ?? new Set<number>();
          firstResources.set(row.class, kept);
          if (kept.size < resourcesPerClass) kept.add(row.resource.id);
          return kept.has(row.resource.id);
        });
        expect(byClass.rows).toEqual(expected);
        for (const cls of DESTRUCTIVE_CLASSES) {
          const distinct = new Set(full.rows.filter((r) => r.class === cls).map((r) => r.resource.id)).size;
          expect(byClass.resources[cls] ?? 0).toBe(distinct);
        }
      }
      for (const limit of [1, 3, 10]) expect((await getAgentReach(handle.db, agent, { limit })).rows).toEqual((await getAgentReach(handle.db, agent)).rows.slice(0, limit));
      const listed = counts.find((c) => c.name === agent)!;
      expect([listed.d1, listed.d2]).toEqual([full.rows.filter((r) => r.class === "D1").length, full.rows.filter((r) => r.class === "D2").length]);
    }
  });
});
