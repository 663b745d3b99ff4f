/** What the UI and the API show of a sweep. */
import type { Sweep, SweepLog } from "@/lib/db/schema";

export interface PublicSweep {
  id: number;
  sourceId: number;
  status: Sweep["status"];
  trigger: Sweep["trigger"];
  phase: string | null;
  itemsDone: number | null;
  itemsTotal: number | null;
  /** Null while the total is unknown. */
  percent: number | null;
  stats: Sweep["stats"];
  warnings: number;
  error: string | null;
  cancelRequested: boolean;
  queuedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  diff: Sweep["diff"];
}

export function toPublicSweep(sweep: Sweep): PublicSweep {
  const percent =
    sweep.status === "succeeded"
      ? 100
      : sweep.itemsTotal && sweep.itemsDone !== null
        ? Math.min(100, Math.floor((100 * sweep.itemsDone) / sweep.itemsTotal))
        : null;
  return {
    id: sweep.id,
    sourceId: sweep.sourceId,
    status: sweep.status,
    trigger: sweep.trigger,
    phase: sweep.phase,
    itemsDone: sweep.itemsDone,
    itemsTotal: sweep.itemsTotal,
    percent,
    stats: sweep.stats,
    warnings: sweep.warnings?.length ?? 0,
    error: sweep.error,
    cancelRequested: sweep.cancelRequested,
    queuedAt: sweep.queuedAt.toISOString(),
    startedAt: sweep.startedAt?.toISOString() ?? null,
    finishedAt: sweep.finishedAt?.toISOString() ?? null,
    diff: sweep.diff,
  };
}

export function toPublicLog(log: SweepLog): { at: string; level: string; message: string } {
  return { at: log.at.toISOString(), level: log.level, message: log.message };
}
