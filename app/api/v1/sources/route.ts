import { defineRoute } from "@/lib/api/define-route";
import { listSources } from "@/lib/db/queries/sources";
import { createSourceFromInput, toPublicSource } from "@/lib/sweeps/manage-sources";
import { createSourceBody } from "./schema";

export const dynamic = "force-dynamic";

export const GET = defineRoute({
  route: "GET /api/v1/sources",
  handler: async ({ db }) => ({ sources: (await listSources(db)).map(toPublicSource) }),
});

export const POST = defineRoute({
  route: "POST /api/v1/sources",
  audit: { action: "source.create", target: ({ body }) => `source:${body.name}` },
  body: createSourceBody,
  handler: async ({ db, body, configKey }) => Response.json({ source: toPublicSource(await createSourceFromInput(db, body, configKey)) }, { status: 201 }),
});
