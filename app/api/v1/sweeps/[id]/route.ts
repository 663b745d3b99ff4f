import { defineRoute } from "@/lib/api/define-route";
import { getSweepOrThrow, listSweepLogs } from "@/lib/db/queries/sweeps";
import { toPublicLog, toPublicSweep } from "@/lib/sweeps/sweep-view";
import { sweepParams } from "./schema";

export const dynamic = "force-dynamic";

/** A sweep: status, live progress, counts, its diff against the state before it, and its log. */
export const GET = defineRoute({
  route: "GET /api/v1/sweeps/[id]",
  params: sweepParams,
  handler: async ({ db, params }) => ({
    sweep: toPublicSweep(await getSweepOrThrow(db, params.id)),
    logs: (await listSweepLogs(db, params.id)).map(toPublicLog),
  }),
});
