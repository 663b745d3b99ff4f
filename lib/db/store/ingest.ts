/**
 * ingestBatch: validate a batch whole, then load it as one sweep of its source. A batch that fails
 * validation writes nothing; one that fails while loading is rolled back and its sweep marked failed.
 */
import type { Db } from "@/lib/db/client";
import { findOrCreateSource } from "@/lib/db/queries/sources";
import { markSweepFailed, markSweepSucceeded, startSweep } from "@/lib/db/queries/sweeps";
import type { SweepStats } from "@/lib/db/schema";
import { describeError } from "@/lib/errors";
import { applyBatch } from "@/lib/db/store/store";
import { assertWithinSourceLimits } from "@/lib/graph/batch-limits";
import { assertBatchFitsSource, validateBatch } from "@/lib/graph/validate-batch";

export interface IngestResult {
  sourceId: number;
  sweepId: number;
  stats: SweepStats;
  warnings: number;
}

export async function ingestBatch(db: Db, sourceName: string, input: unknown): Promise<IngestResult> {
  const batch = validateBatch(input);
  const source = await findOrCreateSource(db, sourceName, batch.collector);
  assertBatchFitsSource(source, batch);
  assertWithinSourceLimits(batch);
  const sweep = await startSweep(db, source.id);
  try {
    const stats = await db.transaction((tx) => applyBatch(tx, source.id, sweep.id, batch));
    await markSweepSucceeded(db, sweep.id, stats, batch.warnings);
    return { sourceId: source.id, sweepId: sweep.id, stats, warnings: batch.warnings.length };
  } catch (error) {
    await markSweepFailed(db, sweep.id, describeError(error));
    throw error;
  }
}
