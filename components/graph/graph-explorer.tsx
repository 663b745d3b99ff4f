"use client";

/**
 * The graph explorer's interactive part: search, node details, expanding neighbours, layouts and export.
 * Filters (agent, classes, kinds) are a plain GET form on the page, so they live in the URL; this
 * component receives the server-laid-out graph and only merges what the user drills into.
 */
import { useMemo, useRef, useState } from "react";
import GraphCanvas, { type CanvasApi, type CanvasLayout } from "@/components/graph/graph-canvas";
import { KIND_STYLE } from "@/components/graph/node-style";
import { kindPosition, ROW_GAP, type CanvasGraph, type CanvasNode } from "@/lib/graph/layout";
import type { NodeDetails } from "@/lib/graph/node-details";
import type { NodeKind } from "@/lib/graph/types";

const BUDGET = 2000;
const COSE_LIMIT = 300;

interface Hit {
  id: number;
  kind: NodeKind;
  name: string;
}

export function GraphExplorer({ initial, hiddenKinds, note }: { initial: CanvasGraph; hiddenKinds: NodeKind[]; note: string | null }) {
  const [graph, setGraph] = useState<CanvasGraph>(initial);
  const [layout, setLayout] = useState<CanvasLayout>("preset");
  const [selected, setSelected] = useState<string | null>(null);
  const [details, setDetails] = useState<NodeDetails | null>(null);
  const [message, setMessage] = useState<string | null>(note);
  const [busy, setBusy] = useState(false);
  const [query, setQuery] = useState("");
  const [hits, setHits] = useState<Hit[] | null>(null);
  const api = useRef<CanvasApi | null>(null);

  const visible = useMemo<CanvasGraph>(() => {
    if (hiddenKinds.length === 0) return graph;
    const hidden = new Set(graph.nodes.filter((n) => hiddenKinds.includes(n.kind)).map((n) => n.id));
    return { nodes: graph.nodes.filter((n) => !hidden.has(n.id)), edges: graph.edges.filter((e) => !hidden.has(e.source) && !hidden.has(e.target)) };
  }, [graph, hiddenKinds]);
  const size = visible.nodes.length + visible.edges.length;
  const selectedNode = graph.nodes.find((n) => n.id === selected) ?? null;

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

  async function select(id: string | null) {
    setSelected(id);
    setDetails(null);
    const node = graph.nodes.find((n) => n.id === id);
    if (!node || node.nodeId === undefined) return;
    const body = await fetchJson<{ details: NodeDetails }>({ node: String(node.nodeId) });
    if (body) setDetails(body.details);
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
    if (!graph.nodes.some((n) => n.id === id)) {
      const body = await fetchJson<{ graph: CanvasGraph }>({ expand: id });
      if (!body) return;
      const merged = mergeGraph(graph, body.graph, null);
      if (merged.nodes.length + merged.edges.length > BUDGET) {
        setGraph(body.graph);
        setMessage(`Showing ${hit.name} and its neighbours only (the combined drawing would pass ${BUDGET} elements).`);
      } else setGraph(merged);
    }
    await select(id);
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

  return (
    <div className="explorer">
      <div className="explorer-toolbar">
        <form role="search" onSubmit={search} className="search-form">
          <label htmlFor="graph-search" className="sr-only">Search nodes by name</label>
          <input id="graph-search" type="search" value={query} onChange={(e) => setQuery(e.target.value)} placeholder="Search by name…" />
          <button className="button small" type="submit" disabled={busy}>Search</button>
        </form>
        <label className="inline-field">
          Layout
          <select value={layout} onChange={(e) => setLayout(e.target.value as CanvasLayout)}>
            <option value="preset">hierarchical (by kind)</option>
            <option value="breadthfirst">breadth-first tree</option>
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
            <NodePanel node={selectedNode} details={details} onExpand={() => expand(selectedNode.id)} busy={busy} />
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

function NodePanel({ node, details, onExpand, busy }: { node: CanvasNode; details: NodeDetails | null; onExpand: () => void; busy: boolean }) {
  const style = KIND_STYLE[node.kind];
  return (
    <div data-testid="node-details">
      <p className="muted small" style={{ margin: 0 }}>{style.label}{node.aggregate ? " group" : ""}</p>
      <h2 style={{ margin: "0.1rem 0 0.5rem", overflowWrap: "anywhere" }}>{node.aggregate ? `+${node.aggregate.count} ${style.plural}` : node.label}</h2>
      <button className="button small" type="button" onClick={onExpand} disabled={busy}>
        {node.aggregate ? `Show these ${style.plural}` : "Expand neighbours"}
      </button>
      {node.kind === "agent" && node.nodeId !== undefined ? (
        <p className="small"><a href={`/agents/${node.nodeId}`}>What can this agent reach?</a></p>
      ) : null}
      {details ? (
        <dl className="kv small" style={{ marginTop: "0.75rem" }}>
          <dt>Edges</dt>
          <dd>{details.degree.out} out, {details.degree.in} in</dd>
          {details.isRef ? (<><dt>Reported by</dt><dd>another source only (a reference)</dd></>) : null}
          <dt>Key</dt>
          <dd><code>{details.key}</code></dd>
          {Object.entries(details.props).map(([k, v]) => (
            <div key={k} style={{ display: "contents" }}>
              <dt>{k}</dt>
              <dd>{k === "locations" && Array.isArray(v) ? <Locations value={v} /> : formatValue(v)}</dd>
            </div>
          ))}
        </dl>
      ) : null}
    </div>
  );
}

function Locations({ value }: { value: unknown[] }) {
  return (
    <ul className="plain">
      {value.slice(0, 20).map((l, i) => {
        const loc = l as { file?: string; line?: number; envVar?: string };
        return <li key={i} className="loc">{loc.file}{loc.line ? `:${loc.line}` : ""}{loc.envVar ? ` (${loc.envVar})` : ""}</li>;
      })}
    </ul>
  );
}

function formatValue(value: unknown): string {
  if (value === null || value === undefined) return "—";
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
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
