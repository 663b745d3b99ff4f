import type { Metadata } from "next";
import Link from "@/components/ui/link";
import { notFound } from "next/navigation";
import { getRouteDeps } from "@/lib/api/route-deps";
import { getSource } from "@/lib/db/queries/sources";
import { getSweepNumber } from "@/lib/db/queries/sweep-numbers";
import { getSweep, listSweepLogs } from "@/lib/db/queries/sweeps";
import { parseRowId } from "@/lib/db/row-id";
import { toPublicLog, toPublicSweep } from "@/lib/sweeps/sweep-view";
import { SweepLive } from "./sweep-live";
import { ACTION_ACCESS, meetsRequirement } from "@/lib/auth/access-table";
import { requirePageAccess } from "@/lib/auth/require-page-access";

export const metadata: Metadata = { title: "Sweep" };
export const dynamic = "force-dynamic";

export default async function SweepPage({ params }: { params: Promise<{ id: string; sweepId: string }> }) {
  const user = await requirePageAccess("/sources/[id]/sweeps/[sweepId]");
  const { id, sweepId } = await params;
  const { db } = await getRouteDeps();
  const sweepRow = parseRowId(sweepId);
  const sweep = sweepRow !== null ? await getSweep(db, sweepRow) : null;
  if (!sweep || sweep.sourceId !== parseRowId(id)) notFound();
  const [source, number] = await Promise.all([getSource(db, sweep.sourceId), getSweepNumber(db, sweep.sourceId, sweep.id)]);
  return (
    <>
      <p className="crumbs">
        <Link href="/sources">Sources</Link> / <Link href={`/sources/${sweep.sourceId}`}>{source?.name ?? `#${sweep.sourceId}`}</Link> /
      </p>
      <h1>
        Sweep {number} of {source?.name ?? `source #${sweep.sourceId}`} <span className="muted small">(id {sweep.id})</span>
      </h1>
      <SweepLive initial={{ sweep: toPublicSweep(sweep), logs: (await listSweepLogs(db, sweep.id)).map(toPublicLog) }} canCancel={meetsRequirement(user, ACTION_ACCESS["/sources#cancelSweepAction"])} />
    </>
  );
}
