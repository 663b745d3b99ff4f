/**
 * Layered positions computed on the server, so the browser renders with Cytoscape's preset layout
 * (measured: a layout pass in the browser costs seconds past ~1,000 elements; preset costs nothing).
 * Pure: plain data in, plain data out — safe to import (types) from client components.
 */
import type { ActionClass, EdgeKind, NodeKind } from "@/lib/graph/types";

export interface CanvasNode {
  id: string;
  kind: NodeKind;
  label: string;
  x: number;
  y: number;
  /** Server-side aggregate ("+42 identities"): a placeholder the user drills into. */
  aggregate?: { count: number; parent: string | null };
  /** Numeric node id in the store, when the node is a real node. */
  nodeId?: number;
}

export interface CanvasEdge {
  id: string;
  source: string;
  target: string;
  kind: EdgeKind | "aggregate";
  label: string;
  class?: ActionClass;
  assumed?: boolean;
  conditional?: boolean;
}

export interface CanvasGraph {
  nodes: CanvasNode[];
  edges: CanvasEdge[];
}

/** One path as the layout needs it: node ids in traversal order, and the edge between each pair. */
export interface LayoutPath {
  /** `key`: the natural key, for paths kept as evidence (they name nodes by key, not id). */
  nodes: { id: string; kind: NodeKind; name: string; nodeId?: number; key?: string }[];
  edges: { kind: EdgeKind; action?: string }[];
  class?: ActionClass;
  assumed?: boolean;
  conditional?: boolean;
}

export const COLUMN_GAP = 210;
export const ROW_GAP = 86;

/** Human label for an edge on a drawn path; `can` edges carry the action and its class. */
export function edgeLabel(kind: EdgeKind, action?: string, cls?: ActionClass): string {
  if (kind === "can") return [action ?? "can", cls].filter(Boolean).join(" · ");
  if (kind === "stored_in") return "holds (stored in)";
  return kind.replaceAll("_", " ");
}

/**
 * Several paths merged into one left-to-right drawing: a node's column is its hop count on the first
 * path that reaches it, rows fill top-down in order of appearance. Edges are drawn in traversal order
 * (a `stored_in` edge from copy to resource is drawn resource → copy, "holds").
 */
export function layoutPaths(paths: LayoutPath[]): CanvasGraph {
  const columnOf = new Map<string, number>();
  const nodes = new Map<string, Omit<CanvasNode, "x" | "y"> & { col: number }>();
  const edges = new Map<string, CanvasEdge>();
  for (const path of paths) {
    path.nodes.forEach((node, hop) => {
      if (nodes.has(node.id)) return;
      columnOf.set(node.id, hop);
      nodes.set(node.id, { id: node.id, kind: node.kind, label: node.name, col: hop, nodeId: node.nodeId });
    });
    path.edges.forEach((edge, i) => {
      const source = path.nodes[i]?.id;
      const target = path.nodes[i + 1]?.id;
      if (!source || !target) return;
      const isLast = edge.kind === "can";
      const cls = isLast ? path.class : undefined;
      const id = `${source}>${edge.kind}>${edge.action ?? ""}>${target}`;
      if (edges.has(id)) return;
      edges.set(id, {
        id,
        source,
        target,
        kind: edge.kind,
        label: edgeLabel(edge.kind, edge.action, cls),
        class: cls,
        assumed: isLast || edge.kind === "authenticates_as" ? path.assumed : undefined,
        conditional: isLast ? path.conditional : undefined,
      });
    });
  }
  return { nodes: placeInColumns([...nodes.values()]), edges: [...edges.values()] };
}

/** Columns for a whole (sub)graph: by kind, in the order the reach walks them. */
export const KIND_COLUMN: Record<NodeKind, number> = {
  agent: 0,
  approval_gate: 0,
  workspace: 1,
  mcp_server: 1,
  file: 2,
  credential: 3,
  identity: 4,
  resource: 5,
  recovery_copy: 6,
};

/** A neighbourhood laid out by kind columns (agent → … → recovery copy), ordered by neighbours within each. */
export function layoutByKind(input: { nodes: Omit<CanvasNode, "x" | "y">[]; edges: CanvasEdge[] }): CanvasGraph {
  const byColumn = new Map<number, Omit<CanvasNode, "x" | "y">[]>();
  for (const node of input.nodes) {
    const col = KIND_COLUMN[node.kind] ?? 7;
    const column = byColumn.get(col);
    if (column) column.push(node);
    else byColumn.set(col, [node]);
  }
  return { nodes: placeInColumns(orderByNeighbours(byColumn, input.edges), { fixedColumns: true }), edges: input.edges };
}

/**
 * Columns left to right, each ordered by the mean row of its nodes' already-placed neighbours (one
 * barycentre sweep), which keeps most edges short without a layout library; then aggregates last, by label.
 */
function orderByNeighbours<T extends Omit<CanvasNode, "x" | "y">>(byColumn: Map<number, T[]>, edges: CanvasEdge[]): (T & { col: number })[] {
  const neighbours = new Map<string, string[]>();
  for (const edge of edges) {
    for (const [from, to] of [[edge.target, edge.source], [edge.source, edge.target]]) {
      const list = neighbours.get(from);
      if (list) list.push(to);
      else neighbours.set(from, [to]);
    }
  }
  const rowOf = new Map<string, number>();
  const placed: (T & { col: number })[] = [];
  for (const col of [...byColumn.keys()].sort((a, b) => a - b)) {
    const column = byColumn.get(col)!;
    const score = (node: T) => {
      const rows = (neighbours.get(node.id) ?? []).map((id) => rowOf.get(id)).filter((r): r is number => r !== undefined);
      return rows.length ? rows.reduce((a, b) => a + b, 0) / rows.length : Number.MAX_SAFE_INTEGER;
    };
    const ordered = column
      .map((node, i) => ({ node, s: score(node), i }))
      .sort((a, b) => a.s - b.s || (a.node.aggregate ? 1 : 0) - (b.node.aggregate ? 1 : 0) || a.node.label.localeCompare(b.node.label) || a.i - b.i);
    ordered.forEach(({ node }, row) => {
      rowOf.set(node.id, row);
      placed.push({ ...node, col });
    });
  }
  return placed;
}
/**
 * The explorer's "layered" layout: one column per hop from the roots (the selected node, else the
 * agents), left to right along the edges, the way reach walks them. A recovery copy's `stored_in` edge
 * points at the resource that keeps it, so it is read backwards (resource → copy, as the reach index
 * does): the copy sits one column after the resource it dies with, not beside the agent. What leads to
 * the roots sits in columns before them; a node joined to the drawing only through others lands one
 * column from its nearest placed neighbour; a part of the drawing that touches no root is layered from
 * its own sources. Within a column, nodes follow the mean row of their neighbours to the left.
 */
export function layoutLayered(graph: CanvasGraph, roots: readonly string[]): CanvasGraph {
  const ids = new Set(graph.nodes.map((n) => n.id));
  const out = new Map<string, string[]>();
  const into = new Map<string, string[]>();
  const link = (map: Map<string, string[]>, from: string, to: string) => {
    const list = map.get(from);
    if (list) list.push(to);
    else map.set(from, [to]);
  };
  for (const edge of graph.edges) {
    const [from, to] = edge.kind === "stored_in" ? [edge.target, edge.source] : [edge.source, edge.target];
    if (from === to || !ids.has(from) || !ids.has(to)) continue;
    link(out, from, to);
    link(into, to, from);
  }
  const depth = new Map<string, number>();
  // Breadth-first from what is placed: along the edges one column right, against them one column left.
  const spread = (queue: string[]) => {
    for (let head = 0; head < queue.length; head++) {
      const id = queue[head];
      const d = depth.get(id)!;
      for (const [next, step] of [[out, 1], [into, -1]] as const) {
        for (const other of next.get(id) ?? []) {
          if (depth.has(other)) continue;
          depth.set(other, d + step);
          queue.push(other);
        }
      }
    }
  };
  // Forward from the roots first, so everything they reach is placed by its hops from them…
  const start = roots.filter((id) => ids.has(id));
  const first = start.length ? start : graph.nodes.filter((n) => n.kind === "agent").map((n) => n.id);
  const forward = [...first];
  for (const id of forward) depth.set(id, 0);
  for (let head = 0; head < forward.length; head++) {
    for (const other of out.get(forward[head]) ?? []) {
      if (depth.has(other)) continue;
      depth.set(other, depth.get(forward[head])! + 1);
      forward.push(other);
    }
  }
  // …then what leads to them, and what hangs off either, by the nearest placed neighbour.
  spread([...forward]);
  // Parts that touch no root: layered from their own sources (nothing leads to them), then any node of a cycle.
  const leftover = graph.nodes.filter((n) => !depth.has(n.id));
  const sources = leftover.filter((n) => !into.has(n.id)).map((n) => n.id);
  for (const id of sources) depth.set(id, 0);
  spread(sources);
  for (const node of leftover) {
    if (depth.has(node.id)) continue;
    depth.set(node.id, 0);
    spread([node.id]);
  }
  const least = Math.min(0, ...depth.values());
  const columns = new Map<number, CanvasNode[]>();
  for (const node of graph.nodes) {
    const col = depth.get(node.id)! - least;
    const column = columns.get(col);
    if (column) column.push(node);
    else columns.set(col, [node]);
  }
  return { nodes: placeInColumns(orderByNeighbours(columns, graph.edges)), edges: graph.edges };
}

/** Where a node of this kind goes when added to a kind-column drawing below `rowsUsed` rows. */
export function kindPosition(kind: NodeKind, rowsUsed: number): { x: number; y: number } {
  return { x: (KIND_COLUMN[kind] ?? 7) * COLUMN_GAP, y: rowsUsed * ROW_GAP };
}

/**
 * Rows fill each column top-down; short columns are centred on the tallest one. With fixedColumns, x is
 * the column number itself (so nodes added later by kind line up); else empty columns are skipped.
 */
function placeInColumns(nodes: (Omit<CanvasNode, "x" | "y"> & { col: number })[], options: { fixedColumns?: boolean } = {}): CanvasNode[] {
  const counts = new Map<number, number>();
  for (const node of nodes) counts.set(node.col, (counts.get(node.col) ?? 0) + 1);
  const tallest = Math.max(1, ...counts.values());
  const usedColumns = [...counts.keys()].sort((a, b) => a - b);
  const xOf = new Map(usedColumns.map((col, i) => [col, (options.fixedColumns ? col : i) * COLUMN_GAP]));
  const nextRow = new Map<number, number>();
  return nodes.map(({ col, ...node }) => {
    const row = nextRow.get(col) ?? 0;
    nextRow.set(col, row + 1);
    const offset = ((tallest - (counts.get(col) ?? 1)) * ROW_GAP) / 2;
    return { ...node, x: xOf.get(col) ?? 0, y: offset + row * ROW_GAP };
  });
}
