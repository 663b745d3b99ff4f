import { defineRoute } from "@/lib/api/define-route";
import { getSourceOrThrow } from "@/lib/db/queries/sources";
import { listSweepsOfSource } from "@/lib/db/queries/sweeps";
import { deleteSourceAndSchedule, toPublicSource, updateSourceFromInput } from "@/lib/sweeps/manage-sources";
import { toPublicSweep } from "@/lib/sweeps/sweep-view";
import { sourceParams, updateSourceBody } from "./schema";

export const dynamic = "force-dynamic";

export const GET = defineRoute({
  route: "GET /api/v1/sources/[id]",
  params: sourceParams,
  handler: async ({ db, params }) => ({
    source: toPublicSource(await getSourceOrThrow(db, params.id)),
    sweeps: (await listSweepsOfSource(db, params.id, 20)).map(toPublicSweep),
  }),
});

export const PATCH = defineRoute({
  route: "PATCH /api/v1/sources/[id]",
  audit: { action: "source.update", target: ({ params }) => `source:${params.id}` },
  params: sourceParams,
  body: updateSourceBody,
  handler: async ({ db, params, body, configKey }) => ({ source: toPublicSource(await updateSourceFromInput(db, params.id, body, configKey)) }),
});

export const DELETE = defineRoute({
  route: "DELETE /api/v1/sources/[id]",
  audit: { action: "source.delete", target: ({ params }) => `source:${params.id}` },
  params: sourceParams,
  handler: async ({ db, params }) => {
    await getSourceOrThrow(db, params.id);
    await deleteSourceAndSchedule(db, params.id);
    return new Response(null, { status: 204 });
  },
});
