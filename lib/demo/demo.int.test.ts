import { sql } from "drizzle-orm";
import { afterEach, beforeEach, expect, it } from "vitest";
import { silentContext } from "@/lib/collectors/types";
import { workspaceCollector } from "@/lib/collectors/workspace";
import type { DatabaseHandle } from "@/lib/db/client";
import { queryRows } from "@/lib/db/rows";
import { describeEachDriver } from "@/lib/db/testing/drivers";
import { ingestBatch } from "@/lib/db/store/ingest";
import { nodeKindCode } from "@/lib/graph/kind-codes";
import { demoWorkspaceConfig } from "./index";

const KEY = Buffer.from("demo-estate-int-test-fingerprint-key-0123");

describeEachDriver("demo estate ingest", (testDb) => {
  let handle: DatabaseHandle;
  beforeEach(async () => {
    handle = await testDb.create();
  });
  afterEach(async () => {
    await handle.close();
  });

  it("loads the collected demo estate, and a second sweep changes no node or edge", async () => {
    const batch = await workspaceCollector.collect(demoWorkspaceConfig(), silentContext(KEY));
    const first = await ingestBatch(handle.db, "dana-laptop", batch);
    const count = async () =>
      queryRows<{ nodes: number; edges: number }>(
        handle.db,
        sql`select (select count(*)::int from nodes) as nodes, (select count(*)::int from edges) as edges`,
      );
    const before = await count();
    const second = await ingestBatch(handle.db, "dana-laptop", await workspaceCollector.collect(demoWorkspaceConfig(), silentContext(KEY)));
    expect(second.sourceId).toBe(first.sourceId);
    expect(await count()).toEqual(before);
    expect(before[0].nodes).toBeGreaterThanOrEqual(batch.nodes.length - batch.nodes.filter((node) => node.ref).length);
    const agents = await queryRows<{ key: string }>(handle.db, sql`select key from nodes where kind = ${nodeKindCode("agent")} order by key`);
    expect(agents.map((row) => row.key)).toEqual(
      expect.arrayContaining(["agent:dana-laptop:claude-code:/home/dana/projects/storefront", "agent:dana-laptop:cursor:/home/dana/projects/storefront"]),
    );
  });
});
