/**
 * One row of the agent page, sent when the row is opened: its text paths and its drawing. The page
 * itself carries only the rows' summaries; sending every row's paths and drawing with it made a large
 * agent's page 480 kB of HTML and flight data, most of it never opened (issue 15's load run).
 */
import { z } from "zod";
import { loadAgentReachPage } from "@/components/agents/agent-reach";
import { defineRoute } from "@/lib/api/define-route";
import { AppError } from "@/lib/errors";
import { boundStrings } from "@/lib/graph/bounded-strings";
import { DESTRUCTIVE_CLASSES } from "@/lib/graph/types";
import { rowIdSchema } from "@/lib/db/row-id";

export const dynamic = "force-dynamic";

const params = z.object({ id: rowIdSchema });

const query = z.object({
  class: z.enum(DESTRUCTIVE_CLASSES),
  resource: rowIdSchema,
  /** "all": the row is on the page of every class; else page N of its own class. */
  scope: z.literal("all").optional(),
  page: z.coerce.number().int().min(1).max(9999).optional(),
});

export const GET = defineRoute({
  route: "GET /agents/[id]/paths",
  params,
  query,
  handler: async ({ db, params, query }) => {
    const scope = query.scope === "all" ? { only: null, page: 1 } : { only: query.class, page: query.page ?? 1 };
    const { groups } = await loadAgentReachPage(db, params.id, scope);
    const row = groups.find((g) => g.class === query.class)?.resources.find((r) => r.resource.id === query.resource);
    if (!row) throw new AppError("not_found:node", "This row is no longer in the agent's reach (a sweep has changed it): reload the page.");
    return boundStrings({ paths: row.paths, morePaths: row.morePaths, graph: row.graph });
  },
});
