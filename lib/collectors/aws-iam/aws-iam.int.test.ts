/**
 * The iam-vulnerable batch ingests on every driver, and ingesting it again changes nothing
 * (natural keys make the load idempotent).
 */
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterEach, beforeAll, beforeEach, expect, it } from "vitest";
import { silentContext } from "@/lib/collectors/types";
import type { DatabaseHandle } from "@/lib/db/client";
import { queryRows } from "@/lib/db/rows";
import { describeEachDriver } from "@/lib/db/testing/drivers";
import { ingestBatch } from "@/lib/db/store/ingest";
import type { GraphBatch } from "@/lib/graph/types";
import { awsIamCollector } from "./index";

/** The iam-vulnerable lab export (fixtures/public, from salesforce/cloudsplaining, BSD-3-Clause). */
const IAM_VULNERABLE = path.join(import.meta.dirname, "fixtures", "public", "iam-vulnerable-authorization-details.json");

let batch: GraphBatch;
beforeAll(async () => {
  batch = await awsIamCollector.collect({ file: IAM_VULNERABLE }, silentContext(Buffer.alloc(32)));
});

async function counts(handle: DatabaseHandle) {
  const [row] = await queryRows<{ nodes: number; edges: number }>(handle.db, sql`select (select count(*)::int from nodes) as nodes, (select count(*)::int from edges) as edges`);
  return row;
}

describeEachDriver("aws-iam batch ingest", (testDb) => {
  let handle: DatabaseHandle;
  beforeEach(async () => {
    handle = await testDb.create();
  });
  afterEach(async () => {
    await handle.close();
  });

  it("loads every node and edge once, and a second sweep of the same export changes nothing", async () => {
    await ingestBatch(handle.db, "aws-lab", batch);
    const first = await counts(handle);
    expect(first).toEqual({ nodes: batch.nodes.length, edges: batch.edges.length });
    await ingestBatch(handle.db, "aws-lab", batch);
    expect(await counts(handle)).toEqual(first);
  });
});
