import { defineRoute } from "@/lib/api/define-route";
import { getResourceDestroyers } from "@/lib/db/queries/resource-reach";
import { destroyersQuery, resourceParams } from "./schema";

export const dynamic = "force-dynamic";

/** Who can destroy a resource or recovery copy: agents, credentials and identities, ranked, with paths. */
export const GET = defineRoute({
  route: "GET /api/v1/resources/[id]/destroyers",
  params: resourceParams,
  query: destroyersQuery,
  handler: async ({ db, params, query }) => getResourceDestroyers(db, params.id, { limit: query.limit }),
});
