"use client";

/**
 * The graph explorer's interactive part: filters (applied here, without reloading the page; the URL
 * follows them so a link reproduces the view), search, node details, expanding neighbours, layouts and
 * export. The first drawing is laid out on the server; this component fetches the next ones.
 */
import { useEffect, useMemo, useRef, useState } from "react";
import GraphCanvas, { type CanvasApi, type CanvasLayout } from "@/components/graph/graph-canvas";
import { GraphLegend } from "@/components/graph/graph-legend";
import { NodePanel } from "@/components/graph/node-panel";
import { CLASS_MEANING, KIND_STYLE } from "@/components/graph/node-style";
import { kindPosition, ROW_GAP, type CanvasGraph } from "@/lib/graph/layout";
import type { NodeDetails, PanelDestroyers } from "@/lib/graph/node-details";
import { ACTION_CLASSES, NODE_KINDS, type ActionClass, type NodeKind } from "@/lib/graph/types";

const BUDGET = 2000;
const COSE_LIMIT = 300;

interface Hit {
  id: number;
  kind: NodeKind;
  name: string;
}

export interface GraphFilters {
  agent: number | null;
  classes: ActionClass[];
  destructive: boolean;
  hidden: NodeKind[];
}

function filtersToParams(filters: GraphFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.agent !== null) params.set("agent", String(filters.agent));
  if (filters.classes.length) params.set("classes", filters.classes.join(","));
  if (filters.destructive) params.set("destructive", "1");
  if (filters.hidden.length) params.set("hide", filters.hidden.join(","));
  return params;
}

export function GraphExplorer({
  initial,
  note,
  agents,
  initialFilters,
  initialSelected,
}: {
  initial: CanvasGraph;
  note: string | null;
  agents: { id: number; name: string }[];
  initialFilters: GraphFilters;
  initialSelected: string | null;
}) {
  const [graph, setGraph] = useState<CanvasGraph>(initial);
  const [filters, setFilters] = useState<GraphFilters>(initialFilters);
  const [layout, setLayout] = useState<CanvasLayout>("preset");
  const [selected, setSelected] = useState<string | null>(initialSelected);
  const [details, setDetails] = useState<NodeDetails | null>(null);
  const [destroyers, setDestroyers] = useState<PanelDestroyers | null>(null);
  const [message, setMessage] = useState<string | null>(note);
  const [busy, setBusy] = useState(false);
  const [query, setQuery] = useState("");
  const [hits, setHits] = useState<Hit[] | null>(null);
  const api = useRef<CanvasApi | null>(null);
  const hiddenKinds = filters.hidden;
  const requestSeq = useRef(0);

  const visible = useMemo<CanvasGraph>(() => {
    if (hiddenKinds.length === 0) return graph;
    const hidden = new Set(graph.nodes.filter((n) => hiddenKinds.includes(n.kind)).map((n) => n.id));
    return { nodes: graph.nodes.filter((n) => !hidden.has(n.id)), edges: graph.edges.filter((e) => !hidden.has(e.source) && !hidden.has(e.target)) };
  }, [graph, hiddenKinds]);
  const size = visible.nodes.length + visible.edges.length;
  const selectedNode = graph.nodes.find((n) => n.id === selected) ?? null;
  const kindsInView = useMemo(() => NODE_KINDS.filter((k) => visible.nodes.some((n) => n.kind === k)), [visible]);

  // A view opened on a node (?focus, ?agent) shows that node's details at once.
  useEffect(() => {
    if (initialSelected) void select(initialSelected);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once, for the node the URL named
  }, []);

  /** Applies new filters: hiding kinds is drawn at once; an agent or classes change fetches a new drawing. */
  async function applyFilters(next: GraphFilters) {
    const previous = filters;
    setFilters(next);
    const params = filtersToParams(next);
    window.history.replaceState(null, "", params.size ? `/graph?${params.toString()}` : "/graph");
    const refetch = next.agent !== previous.agent || next.destructive !== previous.destructive || next.classes.join() !== previous.classes.join();
    if (!refetch) return;
    const seq = ++requestSeq.current;
    const query: Record<string, string> = {};
    if (next.agent !== null) {
      query.agent = String(next.agent);
      if (next.classes.length) query.classes = next.classes.join(",");
      if (next.destructive) query.destructive = "1";
    }
    const body = await fetchJson<{ graph: CanvasGraph & { note: string | null } }>(query);
    if (!body || seq !== requestSeq.current) return;
    setGraph(body.graph);
    setSelected(next.agent !== null ? String(next.agent) : null);
    setDetails(null);
    setDestroyers(null);
    const agentName = agents.find((a) => a.id === next.agent)?.name;
    setMessage(body.graph.note ?? (body.graph.nodes.length === 0 && agentName ? `${agentName} reaches nothing with these filters: clear the action classes, or untick “Destructive paths only”.` : null));
  }

  async function fetchJson<T>(params: Record<string, string>): Promise<T | null> {
    setBusy(true);
    try {
      const response = await fetch(`/graph/data?${new URLSearchParams(params).toString()}`, { headers: { accept: "application/json" } });
      const body = await response.json();
      if (!response.ok) {
        setMessage(body.message ?? `The server answered ${response.status}.`);
        return null;
      }
      return body as T;
    } catch {
      setMessage("The server could not be reached. Try again.");
      return null;
    } finally {
      setBusy(false);
    }
  }

  async function select(id: string | null, within: CanvasGraph = graph) {
    setSelected(id);
    setDetails(null);
    setDestroyers(null);
    const node = within.nodes.find((n) => n.id === id);
    if (!node || node.nodeId === undefined) return;
    const nodeId = String(node.nodeId);
    const [body, found] = await Promise.all([
      fetchJson<{ details: NodeDetails }>({ node: nodeId }),
      node.kind === "resource" || node.kind === "recovery_copy" ? fetchJson<{ destroyers: PanelDestroyers }>({ destroyers: nodeId }) : Promise.resolve(null),
    ]);
    if (body) setDetails(body.details);
    if (found) setDestroyers(found.destroyers);
  }

  async function expand(id: string) {
    const node = graph.nodes.find((n) => n.id === id);
    if (!node) return;
    const params: Record<string, string> =
      node.aggregate && node.aggregate.parent ? { expand: node.aggregate.parent, kind: node.kind } : node.nodeId !== undefined ? { expand: String(node.nodeId) } : {};
    if (!params.expand) {
      setMessage("This group stands for every node of its kind: pick an agent or search for a node to start from.");
      return;
    }
    const body = await fetchJson<{ graph: CanvasGraph & { note: string | null } }>(params);
    if (!body) return;
    const merged = mergeGraph(graph, body.graph, node.aggregate ? node.id : null);
    if (merged.nodes.length + merged.edges.length > BUDGET) {
      setMessage(`Expanding would draw more than ${BUDGET} elements. Narrow the filters (an agent, action classes) and try again.`);
      return;
    }
    setGraph(merged);
    setMessage(body.graph.note ?? `Expanded ${node.aggregate ? `the group of ${KIND_STYLE[node.kind].plural}` : node.label}.`);
  }

  async function search(event: React.FormEvent) {
    event.preventDefault();
    if (!query.trim()) return;
    const body = await fetchJson<{ hits: Hit[] }>({ q: query.trim() });
    if (body) setHits(body.hits);
  }

  async function openHit(hit: Hit) {
    const id = String(hit.id);
    let within = graph;
    if (!graph.nodes.some((n) => n.id === id)) {
      const body = await fetchJson<{ graph: CanvasGraph }>({ expand: id });
      if (!body) return;
      const merged = mergeGraph(graph, body.graph, null);
      if (merged.nodes.length + merged.edges.length > BUDGET) {
        within = body.graph;
        setMessage(`Showing ${hit.name} and its neighbours only (the combined drawing would pass ${BUDGET} elements).`);
      } else within = merged;
      setGraph(within);
    }
    await select(id, within);
  }

  function download(name: string, href: string) {
    const a = document.createElement("a");
    a.href = href;
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
  }

  function exportJson() {
    const blob = new Blob([JSON.stringify(visible, null, 2)], { type: "application/json" });
    const url = URL.createObjectURL(blob);
    download("blastmap-graph.json", url);
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }

  const toggle = <T,>(list: T[], value: T, on: boolean) => (on ? [...list, value] : list.filter((v) => v !== value));
  return (
    <div className="explorer">
      <form className="filters panel" aria-label="Filter the graph" onSubmit={(e) => e.preventDefault()}>
        <label>
          Agent
          <select value={filters.agent === null ? "" : String(filters.agent)} onChange={(e) => applyFilters({ ...filters, agent: e.target.value ? Number(e.target.value) : null })}>
            <option value="">— all (overview) —</option>
            {agents.map((a) => (
              <option key={a.id} value={String(a.id)}>{a.name}</option>
            ))}
          </select>
        </label>
        <fieldset className="checks" disabled={filters.agent === null} title={filters.agent === null ? "Pick an agent first: classes filter what it reaches" : undefined}>
          <legend>Action classes</legend>
          {ACTION_CLASSES.map((c) => (
            <label key={c} title={CLASS_MEANING[c]}>
              <input type="checkbox" checked={filters.classes.includes(c)} onChange={(e) => applyFilters({ ...filters, classes: toggle(filters.classes, c, e.target.checked) })} /> {c}
            </label>
          ))}
        </fieldset>
        <label className="inline-check">
          <span>
            <input type="checkbox" checked={filters.destructive} disabled={filters.agent === null} onChange={(e) => applyFilters({ ...filters, destructive: e.target.checked })} /> Destructive paths only
          </span>
        </label>
        <fieldset className="checks">
          <legend>Hide kinds</legend>
          {NODE_KINDS.map((k) => (
            <label key={k}>
              <input type="checkbox" checked={filters.hidden.includes(k)} onChange={(e) => applyFilters({ ...filters, hidden: toggle(filters.hidden, k, e.target.checked) })} /> {KIND_STYLE[k].plural}
            </label>
          ))}
        </fieldset>
        {filters.agent !== null || filters.classes.length || filters.destructive || filters.hidden.length ? (
          <button type="button" className="button secondary small" onClick={() => applyFilters({ agent: null, classes: [], destructive: false, hidden: [] })}>
            Clear
          </button>
        ) : null}
        {filters.agent !== null ? <a className="small" href={`/agents/${filters.agent}`}>Ranked list for this agent</a> : null}
      </form>
      <div className="explorer-toolbar">
        <form role="search" onSubmit={search} className="search-form">
          <label htmlFor="graph-search" className="sr-only">Search nodes by name</label>
          <input id="graph-search" type="search" value={query} onChange={(e) => setQuery(e.target.value)} placeholder="Search by name…" />
          <button className="button small" type="submit" disabled={busy}>Search</button>
        </form>
        <label className="inline-field">
          Layout
          <select value={layout} onChange={(e) => setLayout(e.target.value as CanvasLayout)}>
            <option value="preset">columns by kind</option>
            <option value="layered">layered from the selected node</option>
            <option value="cose" disabled={size > COSE_LIMIT}>force{size > COSE_LIMIT ? ` (≤ ${COSE_LIMIT} elements)` : ""}</option>
          </select>
        </label>
        <button className="button secondary small" type="button" onClick={() => api.current?.fit()}>Fit</button>
        <button className="button secondary small" type="button" onClick={() => api.current && download("blastmap-graph.png", api.current.png())}>Export PNG</button>
        <button className="button secondary small" type="button" onClick={exportJson}>Export JSON</button>
        <span className="muted small" role="status" aria-live="polite">
          {busy ? "Loading…" : `${visible.nodes.length} nodes, ${visible.edges.length} edges`}
        </span>
      </div>
      {message ? <p className="note" role="status">{message}</p> : null}
      {hits ? (
        <div className="panel search-hits" aria-label="Search results">
          {hits.length === 0 ? (
            <p className="muted">Nothing is named like “{query}”.</p>
          ) : (
            <ul>
              {hits.map((hit) => (
                <li key={hit.id}>
                  <button type="button" className="link-button" onClick={() => openHit(hit)}>
                    <span className="chip-dot" style={{ background: KIND_STYLE[hit.kind].colour }} aria-hidden="true" /> {hit.name}
                    <span className="muted small"> {KIND_STYLE[hit.kind].label}</span>
                  </button>
                </li>
              ))}
            </ul>
          )}
          <button type="button" className="link-button small" onClick={() => setHits(null)}>Close results</button>
        </div>
      ) : null}
      <GraphLegend kinds={kindsInView} />
      <div className="explorer-body">
        <GraphCanvas
          graph={visible}
          layout={layout}
          label={`Graph of ${visible.nodes.length} nodes; the same nodes are listed beside it`}
          height="calc(100vh - 270px)"
          selectedId={selected}
          onSelect={select}
          onExpand={expand}
          apiRef={api}
        />
        <aside className="panel explorer-side" aria-label="Node details">
          {selectedNode ? (
            <NodePanel node={selectedNode} details={details} destroyers={destroyers} onExpand={() => expand(selectedNode.id)} busy={busy} />
          ) : (
            <p className="muted small">Click a node (or pick one below) to see its details. Double-click to expand its neighbours.</p>
          )}
          <h2 className="small-heading">In view</h2>
          <ul className="node-list">
            {visible.nodes.slice(0, 300).map((n) => (
              <li key={n.id}>
                <button type="button" className={`link-button${n.id === selected ? " current" : ""}`} onClick={() => select(n.id)} aria-pressed={n.id === selected}>
                  <span className="chip-dot" style={{ background: KIND_STYLE[n.kind].colour }} aria-hidden="true" />
                  {n.aggregate ? `+${n.aggregate.count} ${KIND_STYLE[n.kind].plural}` : n.label}
                </button>
              </li>
            ))}
          </ul>
          {visible.nodes.length > 300 ? <p className="muted small">and {visible.nodes.length - 300} more (search to find one)</p> : null}
        </aside>
      </div>
    </div>
  );
}

/** Adds `extra` to `base`: new nodes go below the existing ones in their kind's column. */
function mergeGraph(base: CanvasGraph, extra: CanvasGraph, replacing: string | null): CanvasGraph {
  const nodes = base.nodes.filter((n) => n.id !== replacing);
  const have = new Set(nodes.map((n) => n.id));
  const maxY = new Map<number, number>();
  for (const n of nodes) maxY.set(n.x, Math.max(maxY.get(n.x) ?? -ROW_GAP, n.y));
  for (const n of extra.nodes) {
    if (have.has(n.id)) continue;
    const column = kindPosition(n.kind, 0).x;
    const y = (maxY.get(column) ?? -ROW_GAP) + ROW_GAP;
    maxY.set(column, y);
    nodes.push({ ...n, x: column, y });
    have.add(n.id);
  }
  const edges = base.edges.filter((e) => e.source !== replacing && e.target !== replacing);
  const edgeIds = new Set(edges.map((e) => e.id));
  for (const e of extra.edges) if (!edgeIds.has(e.id) && have.has(e.source) && have.has(e.target)) edges.push(e);
  return { nodes, edges };
}
