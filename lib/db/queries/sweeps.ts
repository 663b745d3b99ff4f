import { desc, eq, sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { sweeps, type Sweep, type SweepStats } from "@/lib/db/schema";

export async function startSweep(db: Db, sourceId: number): Promise<Sweep> {
  const [sweep] = await db
    .insert(sweeps)
    .values({ sourceId, status: "running", startedAt: new Date(), phase: "ingest" })
    .returning();
  return sweep;
}

export async function markSweepSucceeded(db: Db, sweepId: number, stats: SweepStats, warnings: unknown[]): Promise<void> {
  await db
    .update(sweeps)
    .set({ status: "succeeded", stats, warnings, phase: null, finishedAt: new Date() })
    .where(eq(sweeps.id, sweepId));
}

export async function markSweepFailed(db: Db, sweepId: number, error: string): Promise<void> {
  await db.update(sweeps).set({ status: "failed", error, finishedAt: new Date() }).where(eq(sweeps.id, sweepId));
}

/** The latest sweep of each source, newest first. */
export async function listLatestSweeps(db: Db): Promise<Sweep[]> {
  return db
    .select()
    .from(sweeps)
    .where(sql`${sweeps.id} in (select max(id) from sweeps group by source_id)`)
    .orderBy(desc(sweeps.id));
}
