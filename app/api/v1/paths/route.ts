import { defineRoute } from "@/lib/api/define-route";
import { findPaths } from "@/lib/db/queries/resource-reach";
import { pathsQuery } from "./schema";

export const dynamic = "force-dynamic";

/** The shortest paths from an agent, credential or identity to a resource. */
export const GET = defineRoute({
  route: "GET /api/v1/paths",
  query: pathsQuery,
  handler: async ({ db, query }) => findPaths(db, query.from, query.to, { classes: query.classes, limit: query.limit }),
});
