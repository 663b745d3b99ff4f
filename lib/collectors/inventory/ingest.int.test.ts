/**
 * The batches of the inventory, kubernetes and postgres collectors (from their fixtures) load into the store
 * as they are, and re-loading the same batch is idempotent.
 */
import fs from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import type { DatabaseHandle } from "@/lib/db/client";
import { describeEachDriver } from "@/lib/db/testing/drivers";
import { inventoryCollector } from "@/lib/collectors/inventory";
import { kubernetesCollector } from "@/lib/collectors/kubernetes";
import { mapPostgresCatalog, type PostgresCatalog } from "@/lib/collectors/postgres/map";
import { silentContext } from "@/lib/collectors/types";
import { ingestBatch } from "@/lib/db/store/ingest";
import type { GraphBatch } from "@/lib/graph/types";

const COLLECTORS = path.resolve(import.meta.dirname, "..");
const ctx = silentContext(Buffer.alloc(32));

async function fixtureBatches(): Promise<[string, GraphBatch][]> {
  const catalog = JSON.parse(fs.readFileSync(path.join(COLLECTORS, "postgres/fixtures/pg15-shop.json"), "utf8")) as PostgresCatalog;
  return [
    ["inventory", await inventoryCollector.collect({ file: path.join(COLLECTORS, "inventory/fixtures/railway.inventory.json") }, ctx)],
    ["kubernetes", await kubernetesCollector.collect({ manifests: path.join(COLLECTORS, "kubernetes/fixtures/rbac"), cluster: "https://k8s.example.com:6443" }, ctx)],
    ["postgres", mapPostgresCatalog(catalog)],
  ];
}

describeEachDriver("permission collectors ingest", (testDb) => {
  let handle: DatabaseHandle;
  beforeEach(async () => {
    handle = await testDb.create();
  });
  afterEach(async () => {
    await handle.close();
  });

  it("loads each collector's batch, idempotently", async () => {
    for (const [name, batch] of await fixtureBatches()) {
      const first = await ingestBatch(handle.db, `fixture-${name}`, batch);
      expect(first.stats, name).toMatchObject({ nodesAdded: batch.nodes.length, edgesAdded: batch.edges.length });
      const second = await ingestBatch(handle.db, `fixture-${name}`, batch);
      expect(second.stats, name).toMatchObject({ nodesAdded: 0, edgesAdded: 0, nodesPruned: 0 });
      expect(first.sourceId).toBe(second.sourceId);
    }
  });
});
