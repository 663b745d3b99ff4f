/**
 * Bounding what the graph explorer draws: the browser never receives more than ELEMENT_BUDGET elements.
 * When a node fans out to too many neighbours of one kind, the first few stay and the rest stand in as
 * one aggregate node ("+42 identities") that the user drills into. Pure: lib/db/queries/graph.ts reads
 * the rows and hands them here.
 */
import { layoutByKind, type CanvasEdge, type CanvasGraph, type CanvasNode } from "@/lib/graph/layout";
import type { NodeKind } from "@/lib/graph/types";

export const ELEMENT_BUDGET = 2000;
/** Fan-out caps tried in turn until the drawing fits the budget. */
const FAN_OUT_CAPS = [200, 60, 25, 10, 4];
/** Targets of one kind listed per node before folding; past the widest cap they could never be shown. */
export const MAX_LISTED_FAN_OUT = FAN_OUT_CAPS[0];
/** Siblings of one kind shown before the rest fold into "+N", even within the budget. */
const READABLE_FAN_OUT = 40;

export type DraftNode = Omit<CanvasNode, "x" | "y">;

export interface ExplorerGraph extends CanvasGraph {
  /** Elements the server folded into aggregates. */
  aggregated: number;
  /** A short sentence for the user about what is shown. */
  note: string | null;
}

/**
 * Folds fan-out until nodes + edges fit the budget: for each node, its targets of one kind beyond the cap
 * become one aggregate node (with one edge), unless a kept node still needs them as a source.
 */
export function boundGraph(nodes: DraftNode[], edges: CanvasEdge[], options: { readable?: boolean } = {}): ExplorerGraph {
  const bounded = foldToBudget(nodes, edges, options);
  return { ...layoutByKind(bounded), aggregated: bounded.aggregated, note: bounded.note };
}

/** boundGraph before layout: what is kept, what is folded, and the note for the user. */
export function foldToBudget(
  nodes: DraftNode[],
  edges: CanvasEdge[],
  options: { readable?: boolean; unlisted?: Unlisted } = {},
): { nodes: DraftNode[]; edges: CanvasEdge[]; aggregated: number; note: string | null } {
  const unlisted = options.unlisted ?? { counts: new Map(), folded: new Map() };
  const groups = groupTargets(nodes, edges);
  const unlistedCount = [...unlisted.counts.values()].reduce((sum, n) => sum + n, 0);
  if (nodes.length + edges.length <= ELEMENT_BUDGET && options.readable === false && unlistedCount === 0) return { nodes, edges, aggregated: 0, note: null };
  if (nodes.length + edges.length <= ELEMENT_BUDGET) {
    // Within budget, a column of hundreds of siblings is still unreadable: fold past READABLE_FAN_OUT.
    const folded = foldFanOut(nodes, edges, groups, READABLE_FAN_OUT, unlisted);
    const aggregated = nodes.length + edges.length + unlistedCount - folded.nodes.length - folded.edges.length;
    return {
      ...folded,
      aggregated: Math.max(0, aggregated),
      note: folded.nodes.some((n) => n.aggregate) ? "Groups of more than 40 similar neighbours are folded into “+N” nodes: double-click one (or select it and press the button) to show them." : null,
    };
  }
  for (const cap of FAN_OUT_CAPS) {
    const result = foldFanOut(nodes, edges, groups, cap, unlisted);
    if (result.nodes.length + result.edges.length <= ELEMENT_BUDGET || cap === FAN_OUT_CAPS.at(-1)) {
      const trimmed = trimToBudget(result.nodes, result.edges);
      return {
        ...trimmed,
        aggregated: nodes.length + edges.length + unlistedCount - trimmed.nodes.length - trimmed.edges.length,
        note: "Large graph: groups of similar neighbours are folded into “+N” nodes. Double-click one (or select it and press Expand) to drill in.",
      };
    }
  }
  throw new Error("unreachable");
}

/** Each source's targets grouped by kind ("source\u0000kind"), in edge order: the first `cap` of a group stay. */
function groupTargets(nodes: DraftNode[], edges: CanvasEdge[]): Map<string, string[]> {
  const kindOf = new Map(nodes.map((n) => [n.id, n.kind]));
  const sets = new Map<string, Set<string>>();
  for (const e of edges) {
    const key = `${e.source}\u0000${kindOf.get(e.target)}`;
    const set = sets.get(key) ?? new Set<string>();
    set.add(e.target);
    sets.set(key, set);
  }
  return new Map([...sets].map(([key, set]) => [key, [...set]]));
}

/**
 * Targets left out before folding because they could never be shown (past the widest cap): `counts`
 * per group ("source\u0000kind") add to its "+N"; `folded` are those of them listed under another node,
 * folded there too (node id → aggregate id), as they would have been had they all been listed.
 */
export interface Unlisted {
  counts: Map<string, number>;
  folded: Map<string, string>;
}

export const aggregateId = (source: string, kind: NodeKind) => `agg:${source}:${kind}`;

function foldFanOut(nodes: DraftNode[], edges: CanvasEdge[], groups: Map<string, string[]>, cap: number, unlisted: Unlisted): { nodes: DraftNode[]; edges: CanvasEdge[] } {
  const folded = new Map<string, string>(unlisted.folded); // node id → aggregate id
  const aggregates: DraftNode[] = [];
  for (const key of new Set([...groups.keys(), ...unlisted.counts.keys()])) {
    const targets = groups.get(key) ?? [];
    const extra = unlisted.counts.get(key) ?? 0;
    if (targets.length + extra <= cap) continue;
    const [source, kind] = key.split("\u0000") as [string, NodeKind];
    const rest = targets.slice(cap).filter((t) => !folded.has(t));
    if (rest.length + extra === 0) continue;
    const aggId = aggregateId(source, kind);
    for (const t of rest) folded.set(t, aggId);
    aggregates.push({ id: aggId, kind, label: kind, aggregate: { count: rest.length + extra, parent: source } });
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
  // Groups folded only from unlisted targets have no folded edge to hang their aggregate on.
  for (const agg of aggregates) {
    const parent = agg.aggregate?.parent;
    if (parent && keptIds.has(parent) && !aggEdges.has(agg.id)) outEdges.push({ id: `e:${agg.id}`, source: parent, target: agg.id, kind: "aggregate", label: "" });
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
