import { defineRoute } from "@/lib/api/define-route";
import { getSourceOrThrow } from "@/lib/db/queries/sources";
import { toPublicSweep } from "@/lib/sweeps/sweep-view";
import { requestSweepRun } from "@/lib/sweeps/sweep-worker";
import { runSourceParams } from "./schema";

export const dynamic = "force-dynamic";

/** Run now: queues a sweep (409 when one is queued or running) and sends its job to the workers. */
export const POST = defineRoute({
  route: "POST /api/v1/sources/[id]/run",
  audit: { action: "sweep.run", target: ({ params }) => `source:${params.id}` },
  params: runSourceParams,
  handler: async ({ db, params }) => {
    await getSourceOrThrow(db, params.id);
    const sweep = await requestSweepRun(db, params.id);
    return Response.json({ sweep: toPublicSweep(sweep) }, { status: 202 });
  },
});
