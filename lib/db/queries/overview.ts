import { sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { queryRows } from "@/lib/db/rows";
import { nodeKindFromCode } from "@/lib/graph/kind-codes";
import type { NodeKind } from "@/lib/graph/types";

/** How many nodes of each kind the graph holds (refs included: they are real things someone pointed at). */
export async function countNodesByKind(db: Db): Promise<Partial<Record<NodeKind, number>>> {
  const rows = await queryRows<{ kind: number; count: number }>(db, sql`select kind, count(*)::int as count from nodes group by kind`);
  return Object.fromEntries(rows.map((row) => [nodeKindFromCode(Number(row.kind)), Number(row.count)]));
}


export interface SourceSweepView {
  sourceId: number;
  sourceName: string;
  collector: string;
  sweepId: number | null;
  status: string | null;
  finishedAt: Date | null;
  startedAt: Date | null;
  error: string | null;
}

/** Every source with its newest sweep (null when it never ran), most recently swept first. */
export async function listSourcesWithLastSweep(db: Db): Promise<SourceSweepView[]> {
  const rows = await queryRows<{
    source_id: number;
    source_name: string;
    collector: string;
    sweep_id: number | null;
    status: string | null;
    finished_at: Date | string | null;
    started_at: Date | string | null;
    error: string | null;
  }>(db, sql`
    select so.id as source_id, so.name as source_name, so.collector, sw.id as sweep_id, sw.status, sw.finished_at, sw.started_at, sw.error
    from sources so
    left join lateral (select * from sweeps where source_id = so.id order by id desc limit 1) sw on true
    order by sw.id desc nulls last, so.name
  `);
  const date = (v: Date | string | null) => (v ? new Date(v) : null);
  return rows.map((r) => ({
    sourceId: Number(r.source_id),
    sourceName: r.source_name,
    collector: r.collector,
    sweepId: r.sweep_id === null ? null : Number(r.sweep_id),
    status: r.status,
    finishedAt: date(r.finished_at),
    startedAt: date(r.started_at),
    error: r.error,
  }));
}

/** Open findings per severity (an expired acceptance counts as open). */
export async function countOpenFindingsBySeverity(db: Db): Promise<Record<string, number>> {
  const rows = await queryRows<{ severity: string; count: number }>(db, sql`
    select severity, count(*)::int as count from findings
    where status = 'open' or (status = 'accepted' and accepted_expires_at < now())
    group by severity
  `);
  return Object.fromEntries(rows.map((r) => [r.severity, Number(r.count)]));
}

export interface SweepTrendPoint {
  sweepId: number;
  /** The sweep's number within its source (sweep 3 of "dana-laptop"). */
  number: number;
  sourceName: string;
  finishedAt: Date | null;
  status: string;
  added: number;
  pruned: number;
}

/** The most recent sweeps with what each changed, oldest first (for the trend). */
export async function listRecentSweepTrend(db: Db, limit = 12): Promise<SweepTrendPoint[]> {
  const rows = await queryRows<{ id: number; number: number; name: string; finished_at: Date | string | null; status: string; stats: Record<string, number> | null }>(db, sql`
    select sw.id, (select count(*)::int from sweeps earlier where earlier.source_id = sw.source_id and earlier.id <= sw.id) as number,
      so.name, sw.finished_at, sw.status, sw.stats from sweeps sw join sources so on so.id = sw.source_id
    order by sw.id desc limit ${limit}
  `);
  return rows.reverse().map((r) => ({
    sweepId: Number(r.id),
    number: Number(r.number),
    sourceName: r.name,
    finishedAt: r.finished_at ? new Date(r.finished_at) : null,
    status: r.status,
    added: Number(r.stats?.nodesAdded ?? 0) + Number(r.stats?.edgesAdded ?? 0),
    pruned: Number(r.stats?.nodesPruned ?? 0) + Number(r.stats?.edgesPruned ?? 0),
  }));
}
