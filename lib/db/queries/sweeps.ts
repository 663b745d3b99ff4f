import { and, asc, desc, eq, gte, inArray, lt, sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import {
  SWEEP_TRIGGERS,
  sweepLogs,
  sweeps,
  type DiffReach,
  type Sweep,
  type SweepDiff,
  type SweepLog,
  type SweepStats,
} from "@/lib/db/schema";
import { AppError } from "@/lib/errors";

export type SweepTrigger = (typeof SWEEP_TRIGGERS)[number];
export type SweepLogLevel = SweepLog["level"];

/** Postgres unique_violation: another sweep of the source is queued or running (sweeps_one_active_uq). */
function isActiveSweepConflict(error: unknown): boolean {
  for (let e: unknown = error; e; e = (e as { cause?: unknown }).cause) {
    const err = e as { code?: string; constraint?: string; message?: string };
    if (err.code === "23505" || /sweeps_one_active_uq/.test(err.message ?? "")) return true;
  }
  return false;
}

async function insertSweep(db: Db, values: typeof sweeps.$inferInsert): Promise<Sweep> {
  try {
    const [sweep] = await db.insert(sweeps).values(values).returning();
    return sweep;
  } catch (error) {
    if (isActiveSweepConflict(error)) {
      throw new AppError("conflict:sweep_running", "A sweep of this source is already queued or running.", { cause: error });
    }
    throw error;
  }
}

/** A sweep that starts now (CLI ingest, API push). Throws conflict:sweep_running when one is active. */
export async function startSweep(db: Db, sourceId: number, trigger: SweepTrigger = "cli"): Promise<Sweep> {
  const now = new Date();
  return insertSweep(db, { sourceId, status: "running", trigger, startedAt: now, heartbeatAt: now, phase: "ingest" });
}

/** A sweep for a worker to pick up (run now, schedule). Throws conflict:sweep_running when one is active. */
export async function queueSweep(db: Db, sourceId: number, trigger: SweepTrigger): Promise<Sweep> {
  return insertSweep(db, { sourceId, status: "queued", trigger });
}

/**
 * Moves a queued sweep to running for the worker whose job names it; the conditional update has one
 * winner. Null when the sweep is no longer queued (cancelled before it started, or already taken).
 */
export async function claimQueuedSweep(db: Db, sweepId: number): Promise<Sweep | null> {
  const now = new Date();
  const [sweep] = await db
    .update(sweeps)
    .set({ status: "running", startedAt: now, heartbeatAt: now, phase: "starting" })
    .where(and(eq(sweeps.id, sweepId), eq(sweeps.status, "queued")))
    .returning();
  return sweep ?? null;
}

export interface SweepProgressUpdate {
  phase: string;
  itemsDone?: number | null;
  itemsTotal?: number | null;
}

/** Stores progress and refreshes the heartbeat; answers whether a cancel was requested. */
export async function recordSweepProgress(db: Db, sweepId: number, progress: SweepProgressUpdate | null): Promise<{ cancelRequested: boolean }> {
  const set: Partial<typeof sweeps.$inferInsert> = { heartbeatAt: new Date() };
  if (progress) Object.assign(set, { phase: progress.phase, itemsDone: progress.itemsDone ?? null, itemsTotal: progress.itemsTotal ?? null });
  const [row] = await db.update(sweeps).set(set).where(eq(sweeps.id, sweepId)).returning({ cancelRequested: sweeps.cancelRequested });
  return { cancelRequested: row?.cancelRequested ?? false };
}

/** Run inside the sweep's transaction, so the graph, the findings and "succeeded" commit together. */
export async function markSweepSucceeded(db: Pick<Db, "update">, sweepId: number, stats: SweepStats, warnings: unknown[], diff?: SweepDiff): Promise<void> {
  await db
    .update(sweeps)
    .set({ status: "succeeded", stats, warnings, diff: diff ?? null, phase: null, finishedAt: new Date() })
    .where(eq(sweeps.id, sweepId));
}

export async function markSweepFailed(db: Db, sweepId: number, error: string, status: "failed" | "cancelled" = "failed"): Promise<void> {
  await db.update(sweeps).set({ status, error, finishedAt: new Date() }).where(eq(sweeps.id, sweepId));
}

/** Cancel: a queued sweep is cancelled at once; a running one is flagged and its runner stops it. */
export async function requestSweepCancel(db: Db, sweepId: number): Promise<Sweep> {
  await db
    .update(sweeps)
    .set({ status: "cancelled", error: "cancelled before it started", finishedAt: new Date() })
    .where(and(eq(sweeps.id, sweepId), eq(sweeps.status, "queued")));
  await db.update(sweeps).set({ cancelRequested: true }).where(and(eq(sweeps.id, sweepId), eq(sweeps.status, "running")));
  return getSweepOrThrow(db, sweepId);
}

/**
 * Running sweeps whose heartbeat stopped (their process died) are marked failed, so the source is free
 * to run again. Their transaction died with the process, so nothing of them was written.
 */
export async function failAbandonedSweeps(db: Db, olderThan: Date): Promise<number> {
  const rows = await db
    .update(sweeps)
    .set({ status: "failed", error: "the process running this sweep stopped", finishedAt: new Date() })
    .where(and(eq(sweeps.status, "running"), lt(sweeps.heartbeatAt, olderThan)))
    .returning({ id: sweeps.id });
  return rows.length;
}

export async function appendSweepLog(db: Db, sweepId: number, level: SweepLogLevel, message: string): Promise<void> {
  await db.insert(sweepLogs).values({ sweepId, level, message });
}

export async function appendSweepLogs(db: Db, sweepId: number, lines: { level: SweepLogLevel; message: string }[]): Promise<void> {
  if (lines.length === 0) return;
  await db.insert(sweepLogs).values(lines.map((line) => ({ sweepId, ...line })));
}

export async function listSweepLogs(db: Db, sweepId: number, limit = 500): Promise<SweepLog[]> {
  return db.select().from(sweepLogs).where(eq(sweepLogs.sweepId, sweepId)).orderBy(asc(sweepLogs.id)).limit(limit);
}

export async function getSweep(db: Db, sweepId: number): Promise<Sweep | null> {
  const [sweep] = await db.select().from(sweeps).where(eq(sweeps.id, sweepId));
  return sweep ?? null;
}

export async function getSweepOrThrow(db: Db, sweepId: number): Promise<Sweep> {
  const sweep = await getSweep(db, sweepId);
  if (!sweep) throw new AppError("not_found:sweep", `No sweep ${sweepId}.`);
  return sweep;
}

/** The most sweeps one list returns: a source swept every minute holds half a million in a year. */
export const MAX_SWEEPS_PAGE_SIZE = 200;

/** A source's sweeps, newest first, `limit` at a time (at most MAX_SWEEPS_PAGE_SIZE), older than sweep `before` when given. */
export async function listSweepsOfSource(db: Db, sourceId: number, limit = 50, before?: number): Promise<Sweep[]> {
  const size = Math.max(1, Math.min(MAX_SWEEPS_PAGE_SIZE, Math.floor(limit)));
  const where = before === undefined ? eq(sweeps.sourceId, sourceId) : and(eq(sweeps.sourceId, sourceId), lt(sweeps.id, before));
  return db.select().from(sweeps).where(where).orderBy(desc(sweeps.id)).limit(size);
}

export async function listActiveSweeps(db: Db): Promise<Sweep[]> {
  return db.select().from(sweeps).where(inArray(sweeps.status, ["queued", "running"])).orderBy(asc(sweeps.id));
}

/** The latest sweep of each source, newest first. */
export async function listLatestSweeps(db: Db): Promise<Sweep[]> {
  return db
    .select()
    .from(sweeps)
    .where(sql`${sweeps.id} in (select max(id) from sweeps group by source_id)`)
    .orderBy(desc(sweeps.id));
}

export interface RecentReachChange extends DiffReach {
  sweepId: number;
  sourceId: number;
  finishedAt: Date | null;
}

/** Destructive reach that sweeps finished since `since` brought in, newest first: for the overview. */
export async function listNewDestructiveReach(db: Db, since: Date, limit = 50): Promise<RecentReachChange[]> {
  const rows = await db
    .select({ id: sweeps.id, sourceId: sweeps.sourceId, finishedAt: sweeps.finishedAt, diff: sweeps.diff })
    .from(sweeps)
    .where(and(eq(sweeps.status, "succeeded"), gte(sweeps.finishedAt, since)))
    .orderBy(desc(sweeps.id))
    .limit(200);
  const out: RecentReachChange[] = [];
  for (const row of rows) {
    for (const reach of row.diff?.reachAdded ?? []) {
      out.push({ ...reach, sweepId: row.id, sourceId: row.sourceId, finishedAt: row.finishedAt });
      if (out.length >= limit) return out;
    }
  }
  return out;
}
