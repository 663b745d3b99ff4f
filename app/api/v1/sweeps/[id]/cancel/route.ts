import { defineRoute } from "@/lib/api/define-route";
import { requestSweepCancel } from "@/lib/db/queries/sweeps";
import { toPublicSweep } from "@/lib/sweeps/sweep-view";
import { cancelSweepParams } from "./schema";

export const dynamic = "force-dynamic";

/** Cancel: a queued sweep stops at once; a running one within a heartbeat (about a second). */
export const POST = defineRoute({
  route: "POST /api/v1/sweeps/[id]/cancel",
  audit: { action: "sweep.cancel", target: ({ params }) => `sweep:${params.id}` },
  params: cancelSweepParams,
  handler: async ({ db, params }) => Response.json({ sweep: toPublicSweep(await requestSweepCancel(db, params.id)) }, { status: 202 }),
});
