/**
 * Runs one sweep that has already been claimed (status "running"): produce the batch (a collector, or a
 * pushed batch), validate it, then load it, prune, analyse and diff in ONE transaction that also marks
 * the sweep succeeded. A failure or cancel at any point rolls everything back: a failed sweep prunes
 * nothing and changes no finding.
 *
 * Progress from the collector is kept in memory and written by a heartbeat timer, so a chatty collector
 * costs one UPDATE per interval; the same UPDATE reads the cancel flag, so a cancel reaches whichever
 * app instance runs the sweep.
 */
import { setMaxListeners } from "node:events";
import type { Db } from "@/lib/db/client";
import { appendSweepLog, appendSweepLogs, markSweepFailed, markSweepSucceeded, recordSweepProgress, type SweepProgressUpdate } from "@/lib/db/queries/sweeps";
import type { Sweep, SweepDiff, SweepStats } from "@/lib/db/schema";
import type { CollectContext, CollectProgress } from "@/lib/collectors/types";
import { invalidateReachIndex } from "@/lib/db/queries/reach-index-cache";
import { findDatabaseError } from "@/lib/db/database-error";
import { AppError, describeError, isAppError } from "@/lib/errors";
import { analyzeGraph } from "@/lib/findings/run-analysis";
import { applyBatch, lockGraphForWriting } from "@/lib/db/store/store";
import { assertWithinSourceLimits } from "@/lib/graph/batch-limits";
import { validateBatchInSlices } from "@/lib/graph/validate-batch";
import type { CollectorWarning } from "@/lib/graph/types";
import { countDiff, diffSnapshots, takePostureSnapshot } from "@/lib/sweeps/sweep-diff";

/** Produces the batch to load; receives the collector context (progress, cancel signal). */
export type BatchProducer = (ctx: CollectContext) => Promise<unknown>;

export interface RunSweepOptions {
  produce: BatchProducer;
  fingerprintKey: Buffer;
  /** Stop and fail the sweep after this long (default 30 minutes). */
  timeoutMs?: number;
  /** An outside cancel (the caller's own). The DB cancel flag is polled as well. */
  signal?: AbortSignal;
  /** How often progress and heartbeat are written (default 1 s). */
  heartbeatMs?: number;
}

export type SweepOutcome =
  | { status: "succeeded"; sweepId: number; stats: SweepStats; diff: SweepDiff; warnings: number }
  | { status: "failed" | "cancelled"; sweepId: number; error: string; cause: unknown };

class SweepAbort extends Error {
  constructor(readonly status: "failed" | "cancelled", message: string) {
    super(message);
  }
}

export async function runSweep(db: Db, sweep: Sweep, options: RunSweepOptions): Promise<SweepOutcome> {
  const timeoutMs = options.timeoutMs ?? 30 * 60_000;
  const controller = new AbortController();
  // Collectors hand the signal to many parallel reads (one listener each); that is not a leak.
  setMaxListeners(100, controller.signal);
  const abort = (status: "failed" | "cancelled", message: string) => {
    if (!controller.signal.aborted) controller.abort(new SweepAbort(status, message));
  };
  const onOuterAbort = () => abort("cancelled", "cancelled");
  options.signal?.addEventListener("abort", onOuterAbort, { once: true });
  if (options.signal?.aborted) onOuterAbort();
  const timeout = setTimeout(() => abort("failed", `timed out after ${Math.round(timeoutMs / 1000)} s`), timeoutMs);

  // Progress is buffered and flushed by the heartbeat, one write in flight at most. The heartbeat keeps
  // going during the load transaction (on PGlite, whose one connection the transaction holds, the write
  // simply waits for the commit), so other instances never take a long load for a dead process.
  let pending: SweepProgressUpdate | null = null;
  let flushing = false;
  const flush = async () => {
    if (flushing) return;
    flushing = true;
    const update = pending;
    pending = null;
    try {
      const { cancelRequested } = await recordSweepProgress(db, sweep.id, update);
      if (cancelRequested) abort("cancelled", "cancelled by a user");
    } catch {
      // A missed heartbeat is harmless; the next one retries.
    } finally {
      flushing = false;
    }
  };
  const heartbeat = setInterval(() => void flush(), options.heartbeatMs ?? 1000);
  const setPhase = (phase: string, done?: number, total?: number) => {
    pending = { phase, itemsDone: done ?? null, itemsTotal: total ?? null };
  };

  const ctx: CollectContext = {
    fingerprintKey: options.fingerprintKey,
    signal: controller.signal,
    progress: (update: CollectProgress) => setPhase(update.phase, update.done, update.total),
  };

  try {
    await appendSweepLog(db, sweep.id, "info", `sweep ${sweep.id} started (${sweep.trigger})`);
    setPhase("collect");
    const input = await raceAbort(options.produce(ctx), controller.signal);
    throwIfAborted(controller.signal);

    setPhase("validate");
    const batch = await validateBatchInSlices(input);
    assertWithinSourceLimits(batch);
    await appendSweepLogs(db, sweep.id, [
      { level: "info", message: `batch from collector "${batch.collector}": ${batch.nodes.length} nodes, ${batch.edges.length} edges` },
      ...batch.warnings.map((w) => ({ level: "warn" as const, message: formatWarning(w) })),
    ]);

    setPhase("load");
    await flush();
    const { stats, diff, analysis } = await db.transaction(async (tx) => {
      const txDb = tx as unknown as Db;
      await lockGraphForWriting(tx); // before the snapshot, so that no other sweep lands between it and this one's batch
      const before = await takePostureSnapshot(tx);
      const stats = await applyBatch(tx, sweep.sourceId, sweep.id, batch);
      throwIfAborted(controller.signal);
      // Analysis sees the uncommitted graph through this transaction; its findings commit with it.
      const analysis = await analyzeGraph(txDb, { sweepId: sweep.id });
      const diff = diffSnapshots(before, await takePostureSnapshot(tx));
      throwIfAborted(controller.signal);
      await markSweepSucceeded(tx, sweep.id, stats, batch.warnings, diff);
      return { stats, diff, analysis };
    });
    invalidateReachIndex();
    const counts = countDiff(diff);
    await appendSweepLog(
      db,
      sweep.id,
      "info",
      `succeeded: nodes +${stats.nodesAdded} ~${stats.nodesUpdated} -${stats.nodesPruned}, edges +${stats.edgesAdded} ~${stats.edgesUpdated} -${stats.edgesPruned}; ` +
        `${analysis.findings} findings (${counts.findingsOpened} opened, ${counts.findingsResolved} resolved), ${counts.reachAdded} new destructive reach`,
    );
    return { status: "succeeded", sweepId: sweep.id, stats, diff, warnings: batch.warnings.length };
  } catch (error) {
    invalidateReachIndex(); // an analysis inside the rolled-back transaction may have cached its graph
    const reason = controller.signal.reason;
    const status = reason instanceof SweepAbort ? reason.status : "failed";
    const message = reason instanceof SweepAbort ? reason.message : describeSweepError(error);
    await markSweepFailed(db, sweep.id, message, status).catch(() => {});
    await appendSweepLog(db, sweep.id, "error", `${status}: ${message}`).catch(() => {});
    return { status, sweepId: sweep.id, error: message, cause: error };
  } finally {
    clearTimeout(timeout);
    clearInterval(heartbeat);
    options.signal?.removeEventListener("abort", onOuterAbort);
  }
}

/** Stops waiting for a collector that ignores its signal; its result, if any, is dropped. */
function raceAbort<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    if (signal.aborted) return onAbort();
    signal.addEventListener("abort", onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

function throwIfAborted(signal: AbortSignal): void {
  if (signal.aborted) throw signal.reason instanceof Error ? signal.reason : new AppError("internal", "aborted");
}

/**
 * The error a user sees for a failed sweep. A database error is described by Postgres' own message and
 * code, never by the driver wrapper's, which quotes the query's parameters (batch values).
 */
export function describeSweepError(error: unknown): string {
  if (isAppError(error)) return error.message;
  const db = findDatabaseError(error);
  if (db) {
    // Class 22 (data exception) messages may quote the offending value.
    if (db.code.startsWith("22")) return `database error ${db.code}: the batch holds a value the database rejects`;
    return `database error ${db.code}: ${db.message}`.replace(/\u0000/g, "");
  }
  const text = describeError(error);
  return (/Failed query:/.test(text) ? "unexpected database error" : text).replace(/\u0000/g, "");
}

function formatWarning(warning: CollectorWarning): string {
  const where = warning.location?.file ? ` (${warning.location.file}${warning.location.line ? `:${warning.location.line}` : ""})` : "";
  return `warning: ${warning.message}${where}`;
}
