/**
 * Sweeps numbered per source (sweep 3 of "dana-laptop"), as people count them; the id stays the
 * address. The number is the sweep's position among its source's sweeps, so it never changes once given
 * (a source's sweeps go only when the source goes).
 */
import { and, count, eq, lte } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { sweeps } from "@/lib/db/schema";

export async function getSweepNumber(db: Db, sourceId: number, sweepId: number): Promise<number> {
  const [row] = await db.select({ n: count() }).from(sweeps).where(and(eq(sweeps.sourceId, sourceId), lte(sweeps.id, sweepId)));
  return Number(row?.n ?? 0);
}

/** The number of the newest of a source's sweeps: the list numbers down from it. */
export async function countSweepsOfSource(db: Db, sourceId: number): Promise<number> {
  const [row] = await db.select({ n: count() }).from(sweeps).where(eq(sweeps.sourceId, sourceId));
  return Number(row?.n ?? 0);
}
