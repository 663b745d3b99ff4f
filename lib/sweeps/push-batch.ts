/**
 * A batch pushed by a remote collector (API or CLI), run as a sweep of its source: the same runner as a
 * scheduled sweep, with the pushed batch in place of a collector. The batch is validated and checked
 * against its source before a sweep is started, so a refused push leaves no sweep behind.
 */
import type { Db } from "@/lib/db/client";
import { startSweep } from "@/lib/db/queries/sweeps";
import type { Source } from "@/lib/db/schema";
import { AppError, isAppError } from "@/lib/errors";
import { assertWithinSourceLimits } from "@/lib/graph/batch-limits";
import { assertBatchFitsSource, validateBatchInSlices } from "@/lib/graph/validate-batch";
import { runSweep, type SweepOutcome } from "@/lib/sweeps/run-sweep";

export async function pushBatchAsSweep(db: Db, source: Source, input: unknown, fingerprintKey: Buffer): Promise<Extract<SweepOutcome, { status: "succeeded" }>> {
  const batch = await validateBatchInSlices(input);
  assertBatchFitsSource(source, batch);
  assertWithinSourceLimits(batch);
  const sweep = await startSweep(db, source.id, "push");
  const outcome = await runSweep(db, sweep, { produce: async () => batch, fingerprintKey, timeoutMs: source.timeoutSeconds * 1000 });
  if (outcome.status === "succeeded") return outcome;
  if (isAppError(outcome.cause)) throw new AppError(outcome.cause.code, `sweep ${outcome.sweepId}: ${outcome.cause.message}`, { cause: outcome.cause });
  throw new AppError("internal", `sweep ${outcome.sweepId} ${outcome.status}: ${outcome.error}`, { cause: outcome.cause });
}
