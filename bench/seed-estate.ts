/** The synthetic estate (bench/estate.ts) loaded through the store as one succeeded sweep: what benches start from. */
import { buildEstate, shapeForEdges } from "@/bench/estate";
import type { DatabaseHandle } from "@/lib/db/client";
import { migrateDatabase } from "@/lib/db/migrate";
import { findOrCreateSource } from "@/lib/db/queries/sources";
import { markSweepSucceeded, startSweep } from "@/lib/db/queries/sweeps";
import { applyBatch } from "@/lib/db/store/store";

export async function seedEstate(handle: DatabaseHandle, edges: number): Promise<string> {
  const started = performance.now();
  await migrateDatabase(handle);
  const db = handle.db;
  const batch = buildEstate(shapeForEdges(edges));
  const source = await findOrCreateSource(db, "bench-estate", batch.collector);
  const sweep = await startSweep(db, source.id);
  const stats = await db.transaction((tx) => applyBatch(tx, source.id, sweep.id, batch));
  await markSweepSucceeded(db, sweep.id, stats, []);
  return `seeded ${batch.nodes.length} nodes, ${batch.edges.length} edges in ${Math.round(performance.now() - started)} ms`;
}
