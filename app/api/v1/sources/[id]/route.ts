import { defineRoute } from "@/lib/api/define-route";
import { getSourceOrThrow } from "@/lib/db/queries/sources";
import { listSweepsOfSource } from "@/lib/db/queries/sweeps";
import { deleteSourceAndSchedule, toPublicSource, updateSourceFromInput } from "@/lib/sweeps/manage-sources";
import { toPublicSweep } from "@/lib/sweeps/sweep-view";
import { sourceParams, updateSourceBody } from "./schema";

export const dynamic = "force-dynamic";

export const GET = defineRoute({
  access: "viewer",
  params: sourceParams,
  handler: async ({ db, params }) => ({
    source: toPublicSource(await getSourceOrThrow(db, params.id)),
    sweeps: (await listSweepsOfSource(db, params.id, 20)).map(toPublicSweep),
  }),
});

export const PATCH = defineRoute({
  access: "admin",
  params: sourceParams,
  body: updateSourceBody,
  handler: async ({ db, params, body, configKey }) => ({ source: toPublicSource(await updateSourceFromInput(db, params.id, body, configKey)) }),
});

export const DELETE = defineRoute({
  access: "admin",
  params: sourceParams,
  handler: async ({ db, params }) => {
    await getSourceOrThrow(db, params.id);
    await deleteSourceAndSchedule(db, params.id);
    return new Response(null, { status: 204 });
  },
});
