import { defineRoute } from "@/lib/api/define-route";
import { listAgentsWithReachCounts } from "@/lib/db/queries/reach";
import { COUNT_LABELS } from "@/lib/graph/reach/counting-rule";

export const dynamic = "force-dynamic";

/** Every agent with its counts by the counting rule, and what each count means. */
export const GET = defineRoute({
  route: "GET /api/v1/agents",
  handler: async ({ db }) => ({
    counting: COUNT_LABELS.explain,
    agents: (await listAgentsWithReachCounts(db)).map((a) => ({ id: a.id, key: a.key, name: a.name, agentKind: a.agentKind, ...a.counts })),
  }),
});
