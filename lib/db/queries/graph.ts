/**
 * What the graph explorer draws. The browser never receives more than ELEMENT_BUDGET elements: when a
 * node fans out to too many neighbours of one kind, the server keeps the first few and stands the rest
 * in for one aggregate node ("+42 identities") that the user drills into.
 */
import { sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { getAgentReach } from "@/lib/db/queries/reach";
import { queryRows } from "@/lib/db/rows";
import { edgeKindFromCode, nodeKindCode, nodeKindFromCode } from "@/lib/graph/kind-codes";
import { edgeLabel, layoutByKind, type CanvasEdge, type CanvasGraph, type CanvasNode } from "@/lib/graph/layout";
import { ACTION_CLASSES, DESTRUCTIVE_CLASSES, NODE_KINDS, type ActionClass, type EdgeKind, type NodeKind } from "@/lib/graph/types";
import type { NodeDetails } from "@/lib/graph/node-details";

export const ELEMENT_BUDGET = 2000;
/** Fan-out caps tried in turn until the drawing fits the budget. */
const FAN_OUT_CAPS = [200, 60, 25, 10, 4];
/** Siblings of one kind shown before the rest fold into "+N", even within the budget. */
const READABLE_FAN_OUT = 40;

type DraftNode = Omit<CanvasNode, "x" | "y">;

export interface ExplorerGraph extends CanvasGraph {
  /** Elements the server folded into aggregates. */
  aggregated: number;
  /** A short sentence for the user about what is shown. */
  note: string | null;
}

export interface SubgraphFilter {
  classes?: ActionClass[];
  destructiveOnly?: boolean;
}

const nodeId = (id: number) => String(id);

/** The agent's reach as one graph: every node and edge on its paths, filtered by action class. */
export async function getAgentSubgraph(db: Db, agentId: number, filter: SubgraphFilter = {}): Promise<ExplorerGraph> {
  const allowed = new Set<ActionClass>(filter.classes?.length ? filter.classes : filter.destructiveOnly ? DESTRUCTIVE_CLASSES : ACTION_CLASSES);
  if (filter.destructiveOnly) for (const c of ["W", "R"] as const) allowed.delete(c);
  // Resolve only the rows drawn: reads and writes are most rows on big estates.
  const { rows } = await getAgentReach(db, agentId, allowed.size < ACTION_CLASSES.length ? { classes: [...allowed] } : {});
  const nodes = new Map<string, DraftNode>();
  const edges = new Map<string, CanvasEdge>();
  for (const row of rows) {
    if (!allowed.has(row.class)) continue;
    for (const n of row.path.nodes) if (!nodes.has(nodeId(n.id))) nodes.set(nodeId(n.id), { id: nodeId(n.id), kind: n.kind, label: n.name, nodeId: n.id });
    row.path.edges.forEach((e) => {
      const id = edgeKey(e.kind, e.src, e.dst, e.action);
      const existing = edges.get(id);
      if (existing) {
        existing.assumed = existing.assumed && row.assumed;
        return;
      }
      const isCan = e.kind === "can";
      edges.set(id, {
        id,
        source: nodeId(e.src),
        target: nodeId(e.dst),
        kind: e.kind,
        label: e.kind === "stored_in" ? "stored in" : edgeLabel(e.kind, e.action, isCan ? row.class : undefined),
        class: isCan ? row.class : undefined,
        assumed: isCan || e.kind === "authenticates_as" ? row.assumed : undefined,
        conditional: isCan ? row.conditional : undefined,
      });
    });
  }
  return boundGraph([...nodes.values()], [...edges.values()]);
}

/** Without an agent: the whole graph if it fits, else the agents and one aggregate per other kind. */
export async function getOverviewGraph(db: Db): Promise<ExplorerGraph> {
  const [counts] = await queryRows<{ nodes: number; edges: number }>(db, sql`select (select count(*)::int from nodes) as nodes, (select count(*)::int from edges) as edges`);
  if (Number(counts.nodes) + Number(counts.edges) <= ELEMENT_BUDGET) {
    const nodeRows = await queryRows<{ id: number; kind: number; name: string }>(db, sql`select id, kind, name from nodes`);
    const edgeRows = await queryRows<{ id: number; kind: number; src: number; dst: number; action: string; props: Record<string, unknown> }>(
      db,
      sql`select id, kind, src, dst, action, props from edges`,
    );
    const nodes = nodeRows.map((r) => ({ id: nodeId(Number(r.id)), kind: nodeKindFromCode(Number(r.kind)), label: r.name, nodeId: Number(r.id) }));
    return boundGraph(nodes, edgeRows.map(edgeFromRow));
  }
  const agents = await queryRows<{ id: number; name: string }>(db, sql`select id, name from nodes where kind = ${nodeKindCode("agent")} order by name limit 300`);
  const kindCounts = await queryRows<{ kind: number; count: number }>(db, sql`select kind, count(*)::int as count from nodes group by kind`);
  const nodes: DraftNode[] = agents.map((a) => ({ id: nodeId(Number(a.id)), kind: "agent", label: a.name, nodeId: Number(a.id) }));
  for (const k of kindCounts) {
    const kind = nodeKindFromCode(Number(k.kind));
    if (kind === "agent") continue;
    nodes.push({ id: `agg:all:${kind}`, kind, label: kind, aggregate: { count: Number(k.count), parent: null } });
  }
  const graph = layoutByKind({ nodes, edges: [] });
  return { ...graph, aggregated: Number(counts.nodes), note: "The graph is too large to draw whole: pick an agent, or search for a node and expand from there." };
}

/** A node and its neighbours (both directions), optionally only neighbours of one kind. */
export async function getNeighbourhood(db: Db, id: number, options: { kind?: NodeKind; limit?: number } = {}): Promise<ExplorerGraph> {
  const limit = Math.min(options.limit ?? ELEMENT_BUDGET, ELEMENT_BUDGET);
  const kindCode = options.kind ? nodeKindCode(options.kind) : null;
  const centre = await queryRows<{ id: number; kind: number; name: string }>(db, sql`select id, kind, name from nodes where id = ${id}`);
  if (centre.length === 0) return { nodes: [], edges: [], aggregated: 0, note: "This node no longer exists: the last sweep pruned it." };
  const rows = await queryRows<{ id: number; kind: number; src: number; dst: number; action: string; props: Record<string, unknown>; other: number; other_kind: number; other_name: string }>(db, sql`
    (select e.id, e.kind, e.src, e.dst, e.action, e.props, n.id as other, n.kind as other_kind, n.name as other_name
       from edges e join nodes n on n.id = e.dst
      where e.src = ${id} ${kindCode === null ? sql`` : sql`and n.kind = ${kindCode}`} order by n.name limit ${limit})
    union all
    (select e.id, e.kind, e.src, e.dst, e.action, e.props, n.id as other, n.kind as other_kind, n.name as other_name
       from edges e join nodes n on n.id = e.src
      where e.dst = ${id} ${kindCode === null ? sql`` : sql`and n.kind = ${kindCode}`} order by n.name limit ${limit})
  `);
  const [c] = centre;
  const nodes = new Map<string, DraftNode>([[nodeId(id), { id: nodeId(id), kind: nodeKindFromCode(Number(c.kind)), label: c.name, nodeId: id }]]);
  for (const r of rows) {
    const other = Number(r.other);
    if (!nodes.has(nodeId(other))) nodes.set(nodeId(other), { id: nodeId(other), kind: nodeKindFromCode(Number(r.other_kind)), label: r.other_name, nodeId: other });
  }
  // Drilling into a group (one kind) shows all of it; a plain expand folds big sibling groups.
  const graph = boundGraph([...nodes.values()], rows.map(edgeFromRow), { readable: !options.kind });
  const truncated = rows.length >= limit ? `Showing the first ${limit} neighbours in each direction.` : null;
  return { ...graph, note: [graph.note, truncated].filter(Boolean).join(" ") || null };
}

export interface NodeSearchHit {
  id: number;
  kind: NodeKind;
  name: string;
}

/** Nodes whose name (or natural key) contains the text, agents and credentials first. */
export async function searchNodes(db: Db, text: string, limit = 20): Promise<NodeSearchHit[]> {
  const q = text.trim();
  if (!q) return [];
  const pattern = `%${q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
  const rows = await queryRows<{ id: number; kind: number; name: string }>(db, sql`
    select id, kind, name from nodes where name ilike ${pattern} or key ilike ${pattern}
    order by (lower(name) = lower(${q})) desc, kind, length(name), name limit ${limit}
  `);
  return rows.map((r) => ({ id: Number(r.id), kind: nodeKindFromCode(Number(r.kind)), name: r.name }));
}

const CREDENTIAL_VISIBLE_PROPS = ["provider", "kind", "preview", "purpose", "locations"];

export async function getNodeDetails(db: Db, id: number): Promise<NodeDetails | null> {
  const [row] = await queryRows<{ id: number; kind: number; key: string; name: string; props: Record<string, unknown>; is_ref: boolean; outs: number; ins: number }>(db, sql`
    select id, kind, key, name, props, is_ref,
      (select count(*)::int from edges where src = n.id) as outs, (select count(*)::int from edges where dst = n.id) as ins
    from nodes n where id = ${id}
  `);
  if (!row) return null;
  const kind = nodeKindFromCode(Number(row.kind));
  const props = row.props ?? {};
  const visible =
    kind === "credential" ? Object.fromEntries(CREDENTIAL_VISIBLE_PROPS.filter((k) => k in props).map((k) => [k, props[k]])) : props;
  return { id: Number(row.id), kind, name: row.name, key: kind === "credential" ? "(fingerprint)" : row.key, isRef: Boolean(row.is_ref), props: visible, degree: { in: Number(row.ins), out: Number(row.outs) } };
}

export function parseNodeKinds(values: string[]): NodeKind[] {
  return values.filter((v): v is NodeKind => (NODE_KINDS as readonly string[]).includes(v));
}

export function parseActionClasses(values: string[]): ActionClass[] {
  return values.filter((v): v is ActionClass => (ACTION_CLASSES as readonly string[]).includes(v));
}

// ── Bounding ──────────────────────────────────────────────────────────────────────

function edgeKey(kind: EdgeKind, src: number, dst: number, action?: string): string {
  return `e:${src}:${kind}:${action ?? ""}:${dst}`;
}

function edgeFromRow(r: { kind: number; src: number; dst: number; action: string; props: Record<string, unknown> }): CanvasEdge {
  const kind = edgeKindFromCode(Number(r.kind));
  const cls = kind === "can" && typeof r.props?.class === "string" ? (r.props.class as ActionClass) : undefined;
  return {
    id: edgeKey(kind, Number(r.src), Number(r.dst), r.action || undefined),
    source: nodeId(Number(r.src)),
    target: nodeId(Number(r.dst)),
    kind,
    label: kind === "stored_in" ? "stored in" : edgeLabel(kind, r.action || undefined, cls),
    class: cls,
    assumed: r.props?.assumed === true || undefined,
    conditional: r.props?.conditional === true || undefined,
  };
}

/**
 * Folds fan-out until nodes + edges fit the budget: for each node, its targets of one kind beyond the cap
 * become one aggregate node (with one edge), unless a kept node still needs them as a source.
 */
export function boundGraph(nodes: DraftNode[], edges: CanvasEdge[], options: { readable?: boolean } = {}): ExplorerGraph {
  const kindOf = new Map(nodes.map((n) => [n.id, n.kind]));
  if (nodes.length + edges.length <= ELEMENT_BUDGET && options.readable === false) return { ...layoutByKind({ nodes, edges }), aggregated: 0, note: null };
  if (nodes.length + edges.length <= ELEMENT_BUDGET) {
    // Within budget, a column of hundreds of siblings is still unreadable: fold past READABLE_FAN_OUT.
    const folded = foldFanOut(nodes, edges, kindOf, READABLE_FAN_OUT);
    const aggregated = nodes.length + edges.length - folded.nodes.length - folded.edges.length;
    return {
      ...layoutByKind(folded),
      aggregated: Math.max(0, aggregated),
      note: folded.nodes.some((n) => n.aggregate) ? "Groups of more than 40 similar neighbours are folded into “+N” nodes: double-click one (or select it and press the button) to show them." : null,
    };
  }
  for (const cap of FAN_OUT_CAPS) {
    const result = foldFanOut(nodes, edges, kindOf, cap);
    if (result.nodes.length + result.edges.length <= ELEMENT_BUDGET || cap === FAN_OUT_CAPS.at(-1)) {
      const trimmed = trimToBudget(result.nodes, result.edges);
      return {
        ...layoutByKind(trimmed),
        aggregated: nodes.length + edges.length - trimmed.nodes.length - trimmed.edges.length,
        note: "Large graph: groups of similar neighbours are folded into “+N” nodes. Double-click one (or select it and press Expand) to drill in.",
      };
    }
  }
  throw new Error("unreachable");
}

function foldFanOut(nodes: DraftNode[], edges: CanvasEdge[], kindOf: Map<string, NodeKind>, cap: number): { nodes: DraftNode[]; edges: CanvasEdge[] } {
  // Group each source's targets by kind; the first `cap` (in edge order) stay.
  const groups = new Map<string, Set<string>>();
  for (const e of edges) {
    const key = `${e.source}\u0000${kindOf.get(e.target)}`;
    const set = groups.get(key) ?? new Set<string>();
    set.add(e.target);
    groups.set(key, set);
  }
  const folded = new Map<string, string>(); // node id → aggregate id
  const aggregates: DraftNode[] = [];
  for (const [key, targetSet] of groups) {
    const targets = [...targetSet];
    if (targets.length <= cap) continue;
    const [source, kind] = key.split("\u0000") as [string, NodeKind];
    const rest = targets.slice(cap).filter((t) => !folded.has(t));
    if (rest.length === 0) continue;
    const aggId = `agg:${source}:${kind}`;
    for (const t of rest) folded.set(t, aggId);
    aggregates.push({ id: aggId, kind, label: kind, aggregate: { count: rest.length, parent: source } });
  }
  // Whatever hangs only off folded nodes goes too (it is reached through the aggregate when expanded).
  const keptNodes = nodes.filter((n) => !folded.has(n.id));
  const keptIds = new Set(keptNodes.map((n) => n.id));
  const outEdges: CanvasEdge[] = [];
  const aggEdges = new Set<string>();
  for (const e of edges) {
    if (keptIds.has(e.source) && keptIds.has(e.target)) outEdges.push(e);
    else if (keptIds.has(e.source) && folded.get(e.target)) {
      const aggId = folded.get(e.target)!;
      if (!aggEdges.has(aggId)) {
        aggEdges.add(aggId);
        outEdges.push({ id: `e:${aggId}`, source: e.source, target: aggId, kind: "aggregate", label: "" });
      }
    }
  }
  // Drop nodes no longer connected to anything kept (descendants of folded nodes), except isolated originals.
  const connected = new Set<string>();
  for (const e of outEdges) {
    connected.add(e.source);
    connected.add(e.target);
  }
  const hadEdges = new Set<string>();
  for (const e of edges) {
    hadEdges.add(e.source);
    hadEdges.add(e.target);
  }
  const finalNodes = [...keptNodes.filter((n) => connected.has(n.id) || !hadEdges.has(n.id)), ...aggregates];
  return { nodes: finalNodes, edges: outEdges };
}

/** Last resort: keep nodes in order until the budget is met, with the edges between them. */
function trimToBudget(nodes: DraftNode[], edges: CanvasEdge[]): { nodes: DraftNode[]; edges: CanvasEdge[] } {
  if (nodes.length + edges.length <= ELEMENT_BUDGET) return { nodes, edges };
  const keep = new Set<string>();
  let used = 0;
  const byNode = new Map<string, CanvasEdge[]>();
  for (const e of edges) {
    const list = byNode.get(e.target);
    if (list) list.push(e);
    else byNode.set(e.target, [e]);
  }
  for (const n of nodes) {
    const cost = 1 + (byNode.get(n.id)?.length ?? 0);
    if (used + cost > ELEMENT_BUDGET) break;
    keep.add(n.id);
    used += cost;
  }
  return { nodes: nodes.filter((n) => keep.has(n.id)), edges: edges.filter((e) => keep.has(e.source) && keep.has(e.target)) };
}
