/**
 * Data for the graph explorer (same-origin, session cookie). One GET, four questions:
 *   ?agent=ID[&classes=D1,D2][&destructive=1]  the agent's reach
 *   ?expand=ID[&kind=resource]                  a node's neighbours (an aggregate drills in with kind)
 *   ?q=TEXT                                     search by name
 *   ?node=ID                                    details of one node (a credential: preview and locations only)
 *   ?destroyers=ID                              who can destroy a resource or recovery copy (the first few of each kind)
 * With none of them: the whole graph if it fits the element budget, else agents and per-kind aggregates.
 * Every string in an answer is bounded (lib/graph/bounded-strings.ts): collected text can be megabytes.
 */
import { NextResponse } from "next/server";
import { z } from "zod";
import { defineRoute } from "@/lib/api/define-route";
import { getLabelledAgentSubgraph, getNeighbourhood, getNodeDetails, getOverviewGraph, parseActionClasses, searchNodes } from "@/lib/db/queries/graph";
import { distinguishLabels } from "@/lib/db/queries/graph-labels";
import { getResourceDestroyers } from "@/lib/db/queries/resource-reach";
import { boundStrings } from "@/lib/graph/bounded-strings";
import { NODE_KINDS } from "@/lib/graph/types";
import { rowIdSchema } from "@/lib/db/row-id";

const querySchema = z.object({
  agent: rowIdSchema.optional(),
  classes: z.string().max(40).optional(),
  destructive: z.enum(["0", "1"]).optional(),
  expand: rowIdSchema.optional(),
  kind: z.enum(NODE_KINDS).optional(),
  q: z.string().max(200).optional(),
  node: rowIdSchema.optional(),
  destroyers: rowIdSchema.optional(),
});

/** Destroyers named per kind in the explorer's panel; the resource page lists them all. */
const PANEL_DESTROYERS = 6;

/**
 * An agent's drawing is kept per reach index (the same object until the next sweep), so its answer is
 * bounded and serialized once, not on every ask (~0.5 ms of CPU each under load).
 */
const agentGraphBodies = new WeakMap<object, string>();
function agentGraphBody(graph: object): string {
  let body = agentGraphBodies.get(graph);
  if (body === undefined) agentGraphBodies.set(graph, (body = JSON.stringify({ graph: boundStrings(graph) })));
  return body;
}

export const GET = defineRoute({
  route: "GET /graph/data",
  query: querySchema,
  handler: async ({ db, query }) => {
    if (query.node) {
      const details = await getNodeDetails(db, query.node);
      return details ? NextResponse.json({ details: boundStrings(details) }) : NextResponse.json({ error: "not_found", message: "This node no longer exists." }, { status: 404 });
    }
    if (query.destroyers) {
      const found = await getResourceDestroyers(db, query.destroyers, { limit: PANEL_DESTROYERS });
      const brief = (list: typeof found.agents) => list.map((d) => ({ id: d.node.id, kind: d.node.kind, name: d.node.name, class: d.class, action: d.action, via: d.via?.name ?? null, hops: d.hops }));
      return NextResponse.json({ destroyers: boundStrings({ counts: found.counts, agents: brief(found.agents), credentials: brief(found.credentials), identities: brief(found.identities) }) });
    }
    if (query.q !== undefined) return NextResponse.json({ hits: boundStrings(await searchNodes(db, query.q)) });
    if (query.expand) return NextResponse.json({ graph: boundStrings(await distinguishLabels(db, await getNeighbourhood(db, query.expand, { kind: query.kind }))) });
    if (query.agent) {
      const graph = await getLabelledAgentSubgraph(db, query.agent, {
        classes: parseActionClasses((query.classes ?? "").split(",").filter(Boolean)),
        destructiveOnly: query.destructive === "1",
      });
      return new NextResponse(agentGraphBody(graph), { headers: { "content-type": "application/json" } });
    }
    return NextResponse.json({ graph: boundStrings(await distinguishLabels(db, await getOverviewGraph(db))) });
  },
});
