import { defineRoute } from "@/lib/api/define-route";
import { getSourceOrThrow } from "@/lib/db/queries/sources";
import { queueSweep } from "@/lib/db/queries/sweeps";
import { pokeSweepWorker } from "@/lib/sweeps/server-worker";
import { toPublicSweep } from "@/lib/sweeps/sweep-view";
import { runSourceParams } from "./schema";

export const dynamic = "force-dynamic";

/** Run now: queues a sweep (409 when one is queued or running) for a worker to pick up. */
export const POST = defineRoute({
  access: "admin",
  params: runSourceParams,
  handler: async ({ db, params }) => {
    await getSourceOrThrow(db, params.id);
    const sweep = await queueSweep(db, params.id, "manual");
    pokeSweepWorker();
    return Response.json({ sweep: toPublicSweep(sweep) }, { status: 202 });
  },
});
