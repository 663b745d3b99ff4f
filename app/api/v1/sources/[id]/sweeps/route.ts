import { assertTokenMaySweep } from "@/lib/auth/api-tokens";
import { defineRoute } from "@/lib/api/define-route";
import { readBatchBody } from "@/lib/api/read-body";
import { findSourceOrThrow } from "@/lib/db/queries/sources";
import { getSweepOrThrow, listSweepsOfSource } from "@/lib/db/queries/sweeps";
import { AppError, isAppError } from "@/lib/errors";
import { countDiff } from "@/lib/sweeps/sweep-diff";
import { pushBatchAsSweep } from "@/lib/sweeps/push-batch";
import { toPublicSweep } from "@/lib/sweeps/sweep-view";
import { listSweepsQuery, sourceSweepsParams } from "./schema";

export const dynamic = "force-dynamic";

export const GET = defineRoute({
  route: "GET /api/v1/sources/[id]/sweeps",
  params: sourceSweepsParams,
  query: listSweepsQuery,
  handler: async ({ db, params, query }) => {
    const source = await findSourceOrThrow(db, params.id);
    return { sweeps: (await listSweepsOfSource(db, source.id, query.limit, query.before)).map(toPublicSweep) };
  },
});

/** Push: ingest a batch from a remote collector and analyse, as one sweep of the source. */
export const POST = defineRoute({
  route: "POST /api/v1/sources/[id]/sweeps",
  audit: { action: "sweep.push", target: ({ params }) => `source:${params.id}` },
  params: sourceSweepsParams,
  handler: async ({ db, params, token, request, fingerprintKey }) => {
    // A token holder learns nothing about sources it may not push to, not even whether they exist: a
    // missing source and a forbidden one get the same answer, naming the source as the request did.
    const refused = () => new AppError("forbidden:role", `This API token may not push to source "${params.id}".`);
    const source = await findSourceOrThrow(db, params.id).catch((error) => {
      if (token && isAppError(error) && error.code === "not_found:source") throw refused();
      throw error;
    });
    if (token) {
      try {
        assertTokenMaySweep(token, source.id);
      } catch (error) {
        throw isAppError(error) && error.code === "forbidden:role" ? refused() : error;
      }
    }
    const batch = await readBatchBody(request);
    const outcome = await pushBatchAsSweep(db, source, batch, fingerprintKey);
    const sweep = await getSweepOrThrow(db, outcome.sweepId);
    return Response.json({ sweep: toPublicSweep(sweep), changes: countDiff(outcome.diff) }, { status: 201 });
  },
});
