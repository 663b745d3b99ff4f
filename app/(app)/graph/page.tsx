import type { Metadata } from "next";
import Link from "@/components/ui/link";
import { GraphExplorer, type GraphFilters } from "@/components/graph/graph-explorer";
import { EmptyState } from "@/components/ui/empty-state";
import { getLabelledAgentSubgraph, getNeighbourhood, getOverviewGraph, parseActionClasses, parseNodeKinds } from "@/lib/db/queries/graph";
import type { ExplorerGraph } from "@/lib/graph/bound-graph";
import { distinguishLabels } from "@/lib/db/queries/graph-labels";
import { countNodesByKind } from "@/lib/db/queries/overview";
import { listAgentNodes } from "@/lib/db/queries/reach";
import { parseRowId } from "@/lib/db/row-id";
import { getDb } from "@/lib/db/server-db";
import { requirePageAccess } from "@/lib/auth/require-page-access";

export const metadata: Metadata = { title: "Graph" };

type Search = Promise<Record<string, string | string[] | undefined>>;
const many = (v: string | string[] | undefined) => (Array.isArray(v) ? v : v ? v.split(",") : []).flatMap((x) => x.split(",")).filter(Boolean);
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? "";

/**
 * The explorer's first drawing is laid out here, from the URL (?agent, ?classes, ?destructive, ?hide,
 * ?focus); after that the filters apply in the browser without reloading (components/graph).
 */
export default async function GraphPage({ searchParams }: { searchParams: Search }) {
  await requirePageAccess("/graph");
  const params = await searchParams;
  const db = await getDb();
  const counts = await countNodesByKind(db);
  if (Object.keys(counts).length === 0) {
    return (
      <>
        <h1>Graph</h1>
        <EmptyState title="Nothing to draw yet">
          <p>The graph fills in as soon as a collector sweep has been ingested. Start on the <Link href="/sources">Sources</Link> page.</p>
        </EmptyState>
      </>
    );
  }
  const agents = await listAgentNodes(db);
  const agentParam = one(params.agent);
  const agent = agents.find((a) => String(a.id) === agentParam) ?? null;
  const focusParam = one(params.focus);
  const focus = agent ? null : parseRowId(focusParam);
  const filters: GraphFilters = {
    agent: agent?.id ?? null,
    classes: parseActionClasses(many(params.classes)),
    destructive: one(params.destructive) === "1",
    hidden: parseNodeKinds(many(params.hide)),
  };
  const graph: ExplorerGraph = agent
    ? await getLabelledAgentSubgraph(db, agent.id, { classes: filters.classes, destructiveOnly: filters.destructive })
    : await distinguishLabels(db, focus !== null ? await getNeighbourhood(db, focus) : await getOverviewGraph(db));
  return (
    <>
      <h1>Graph</h1>
      <p className="subtitle">
        Pick an agent to see what it can reach, or search for any node and expand from there. Selecting a node lights up its paths.
      </p>
      <GraphExplorer
        initial={{ nodes: graph.nodes, edges: graph.edges }}
        note={graph.note}
        agents={agents.map((a) => ({ id: a.id, name: a.name }))}
        initialFilters={filters}
        initialSelected={agent ? String(agent.id) : focus !== null && graph.nodes.length ? String(focus) : null}
      />
    </>
  );
}
