import type { Metadata } from "next";
import Link from "next/link";
import { GraphExplorer } from "@/components/graph/graph-explorer";
import { CLASS_MEANING, KIND_STYLE } from "@/components/graph/node-style";
import { EmptyState } from "@/components/ui/empty-state";
import { getAgentSubgraph, getOverviewGraph, parseActionClasses, parseNodeKinds, type ExplorerGraph } from "@/lib/db/queries/graph";
import { countNodesByKind } from "@/lib/db/queries/overview";
import { listAgentNodes } from "@/lib/db/queries/reach";
import { getDb } from "@/lib/db/server-db";
import { ACTION_CLASSES, NODE_KINDS } from "@/lib/graph/types";
import { requirePageAccess } from "@/lib/auth/require-page-access";

export const metadata: Metadata = { title: "Graph" };

type Search = Promise<Record<string, string | string[] | undefined>>;
const many = (v: string | string[] | undefined) => (Array.isArray(v) ? v : v ? v.split(",") : []).flatMap((x) => x.split(",")).filter(Boolean);
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? "";

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
  const classes = parseActionClasses(many(params.classes));
  const destructive = one(params.destructive) === "1";
  const hidden = parseNodeKinds(many(params.hide));
  const graph: ExplorerGraph = agent ? await getAgentSubgraph(db, agent.id, { classes, destructiveOnly: destructive }) : await getOverviewGraph(db);
  const filterKey = JSON.stringify([agent?.id, classes, destructive]);
  return (
    <>
      <h1>Graph</h1>
      <p className="subtitle">
        {agent ? (
          <>Everything <strong>{agent.name}</strong> can reach, path by path. <Link href={`/agents/${agent.id}`}>Ranked list for this agent</Link></>
        ) : (
          <>Pick an agent to see what it can reach, or search for any node and expand from there.</>
        )}
      </p>
      <form className="filters panel" method="get" aria-label="Filter the graph">
        <label>
          Agent
          <select name="agent" defaultValue={agent ? String(agent.id) : ""}>
            <option value="">— all (overview) —</option>
            {agents.map((a) => (
              <option key={a.id} value={String(a.id)}>{a.name}</option>
            ))}
          </select>
        </label>
        <fieldset className="checks">
          <legend>Action classes</legend>
          {ACTION_CLASSES.map((c) => (
            <label key={c} title={CLASS_MEANING[c]}>
              <input type="checkbox" name="classes" value={c} defaultChecked={classes.includes(c)} /> {c}
            </label>
          ))}
        </fieldset>
        <label className="inline-check">
          <span>
            <input type="checkbox" name="destructive" value="1" defaultChecked={destructive} /> Destructive paths only
          </span>
        </label>
        <fieldset className="checks">
          <legend>Hide kinds</legend>
          {NODE_KINDS.map((k) => (
            <label key={k}>
              <input type="checkbox" name="hide" value={k} defaultChecked={hidden.includes(k)} /> {KIND_STYLE[k].plural}
            </label>
          ))}
        </fieldset>
        <button className="button small" type="submit">Apply</button>
        {agent || classes.length || destructive || hidden.length ? <Link href="/graph">Clear</Link> : null}
      </form>
      {graph.nodes.length === 0 ? (
        <EmptyState title={agent ? `${agent.name} reaches nothing with these filters` : "Nothing to draw"}>
          <p>{agent ? "Clear the action-class filters, or untick “Destructive paths only”." : "Ingest a sweep first."}</p>
        </EmptyState>
      ) : (
        <GraphExplorer key={filterKey} initial={{ nodes: graph.nodes, edges: graph.edges }} hiddenKinds={hidden} note={graph.note} />
      )}
    </>
  );
}
