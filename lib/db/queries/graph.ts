/**
 * What the graph explorer draws: the rows for it, on ids from the reach index or from the tables, bounded
 * to the element budget by lib/graph/bound-graph.ts before any name is read.
 */
import { sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { distinguishLabels } from "@/lib/db/queries/graph-labels";
import { rememberOnIndex } from "@/lib/db/queries/reach-answer-cache";
import { findAgentOrThrow, loadReachNodes } from "@/lib/db/queries/reach";
import { getAgentReachTable } from "@/lib/graph/reach/table-rows";
import { getReachIndex } from "@/lib/db/queries/reach-index-cache";
import { queryRows } from "@/lib/db/rows";
import { restoreEdgeProps } from "@/lib/db/store/edge-props";
import { ELEMENT_BUDGET, MAX_LISTED_FAN_OUT, aggregateId, boundGraph, foldToBudget, type DraftNode, type ExplorerGraph, type Unlisted } from "@/lib/graph/bound-graph";
import { edgeKindFromCode, nodeKindCode, nodeKindFromCode } from "@/lib/graph/kind-codes";
import { describeEdge, type PathEdge } from "@/lib/graph/reach/scan";
import type { ReachTable } from "@/lib/graph/reach/rows";
import { FLAG_ASSUMED, FLAG_CONDITIONAL, type ReachIndex } from "@/lib/graph/reach/reach-index";
import { edgeLabel, layoutByKind, type CanvasEdge } from "@/lib/graph/layout";
import { ACTION_CLASSES, DESTRUCTIVE_CLASSES, NODE_KINDS, type ActionClass, type EdgeKind, type NodeKind } from "@/lib/graph/types";
import type { NodeDetails } from "@/lib/graph/node-details";

export interface SubgraphFilter {
  classes?: ActionClass[];
  destructiveOnly?: boolean;
}

/** Node kind codes fit below this (a group key is node id × slots + kind code). */
const NODE_KIND_SLOTS = 64;

const nodeId = (id: number) => String(id);

/**
 * The agent's reach as one graph: every node and edge on its paths, filtered by action class. Built on
 * ids from the reach table (the largest agent at 1M edges has ~250k rows); names are read only for the
 * nodes left once the drawing is folded to the element budget.
 */
export async function getAgentSubgraph(db: Db, agentId: number, filter: SubgraphFilter = {}): Promise<ExplorerGraph> {
  const { index, agent, allowed, key } = await subgraphAsked(db, agentId, filter);
  // Bounded by the element budget, and the same while the index is current: many users, few agents.
  return rememberOnIndex(index, key, () => drawAgentSubgraph(db, index, agent, allowed));
}

/** getAgentSubgraph with look-alike labels told apart (graph-labels.ts), as the explorer shows it; kept the same way. */
export async function getLabelledAgentSubgraph(db: Db, agentId: number, filter: SubgraphFilter = {}): Promise<ExplorerGraph> {
  const { index, agent, allowed, key } = await subgraphAsked(db, agentId, filter);
  return rememberOnIndex(index, `labelled-${key}`, async () =>
    distinguishLabels(db, await rememberOnIndex(index, key, () => drawAgentSubgraph(db, index, agent, allowed))),
  );
}

async function subgraphAsked(db: Db, agentId: number, filter: SubgraphFilter) {
  const allowed = new Set<ActionClass>(filter.classes?.length ? filter.classes : filter.destructiveOnly ? DESTRUCTIVE_CLASSES : ACTION_CLASSES);
  if (filter.destructiveOnly) for (const c of ["W", "R"] as const) allowed.delete(c);
  const { id: agent } = await findAgentOrThrow(db, agentId);
  const index = await getReachIndex(db);
  return { index, agent, allowed, key: `subgraph:${agent}:${ACTION_CLASSES.filter((c) => allowed.has(c)).join(",")}` };
}

async function drawAgentSubgraph(db: Db, index: ReachIndex, agentId: number, allowed: Set<ActionClass>): Promise<ExplorerGraph> {
  const table = getAgentReachTable(index, agentId);
  const draft = new ReachDrawing(index, table);
  for (const row of rowsInRankOrder(table, allowed)) draft.addRow(row);
  const bounded = foldToBudget([...draft.nodes.values()], [...draft.edges.values()], { unlisted: draft.unlisted });
  const names = await loadReachNodes(db, bounded.nodes.flatMap((n) => (n.aggregate || n.nodeId === undefined ? [] : [n.nodeId])));
  const named = bounded.nodes.map((n) => (n.nodeId === undefined ? n : { ...n, label: names.get(n.nodeId)?.name ?? `#${n.nodeId}` }));
  return { ...layoutByKind({ nodes: named, edges: bounded.edges }), aggregated: bounded.aggregated, note: bounded.note };
}

/**
 * The union of a reach table's paths, on ids, in row order. Each breadth-first tree edge is added once
 * (rows share their prefix up to the identity), and a node's targets of one kind past the widest fold
 * cap are only counted: they would be folded into "+N" anyway, and the largest agent has ~250k of them.
 */
class ReachDrawing {
  readonly nodes = new Map<string, DraftNode>();
  readonly edges = new Map<string, CanvasEdge>();
  private readonly drawn = new Set<number>();
  /** Per (node, target kind): the targets listed, and how many more were only counted. */
  private readonly listed = new Map<number, Set<number>>();
  private readonly unlistedByGroup = new Map<number, number>();
  /** Targets left unlisted somewhere, with the first group: folding takes them out everywhere. */
  private readonly foldedIn = new Map<number, number>();
  /** Tree positions whose edge from their parent is drawn, with the assumed/conditional flags so far. */
  private readonly prefixFlags = new Map<number, number>();

  constructor(
    private readonly index: ReachIndex,
    private readonly table: ReachTable,
  ) {}

  addRow(row: number): void {
    const { index, table } = this;
    const cls = ACTION_CLASSES[table.classCode(row) - 1];
    const flags = table.pathFlags(row);
    if (table.via(row) >= 0) {
      // What dies with a destroyed resource: few rows, drawn with their whole path.
      for (const e of table.path(row).edges) {
        const [from, to] = e.kind === "stored_in" ? [e.dst, e.src] : [e.src, e.dst];
        if (this.mayList(from, to)) this.addEdge(e, cls, flags);
      }
      return;
    }
    // Most rows end in a target that is only counted: decide on ids before building anything.
    const identity = table.identityState(row);
    const edge = table.grantingEdge(row);
    this.addPrefix(identity);
    if (this.mayList(identity >> 1, index.dst[edge])) this.addEdge(describeEdge(index, identity >> 1, edge), cls, flags);
  }

  /** The tree path from the agent to this state; returns the path flags up to it. */
  private addPrefix(state: number): number {
    const at = this.table.tree.position.get(state);
    if (at === undefined) return 0;
    const known = this.prefixFlags.get(at);
    if (known !== undefined) return known;
    const parent = this.table.tree.parent[at];
    let flags = 0;
    if (parent < 0) this.addNode(state >> 1);
    else {
      const edge = this.table.tree.parentEdge[at];
      flags = this.addPrefix(parent) | (this.index.flags[edge] & (FLAG_ASSUMED | FLAG_CONDITIONAL));
      if (this.mayList(parent >> 1, this.index.dst[edge])) this.addEdge(describeEdge(this.index, parent >> 1, edge), undefined, flags);
    }
    this.prefixFlags.set(at, flags);
    return flags;
  }

  private addNode(id: number): void {
    if (this.drawn.has(id)) return;
    this.drawn.add(id);
    this.nodes.set(nodeId(id), { id: nodeId(id), kind: nodeKindFromCode(this.index.nodeKind[id]), label: "", nodeId: id });
  }

  /**
   * Whether the edge from → to (in path direction) is listed: its source is drawn and `to` is among the
   * first targets of its kind from `from`. Past that, `to` is counted for the "+N" and, unless drawn
   * through another node, what hangs off it is left out, as folding would.
   */
  private mayList(from: number, to: number): boolean {
    if (!this.drawn.has(from)) return false;
    const group = from * NODE_KIND_SLOTS + this.index.nodeKind[to];
    let listed = this.listed.get(group);
    if (!listed) this.listed.set(group, (listed = new Set()));
    if (listed.has(to)) return true;
    if (listed.size < MAX_LISTED_FAN_OUT) {
      listed.add(to);
      return true;
    }
    this.unlistedByGroup.set(group, (this.unlistedByGroup.get(group) ?? 0) + 1);
    if (!this.foldedIn.has(to)) this.foldedIn.set(to, group);
    return false;
  }

  private addEdge(e: PathEdge, cls: ActionClass | undefined, flags: number): void {
    const id = edgeKey(e.kind, e.src, e.dst, e.action);
    const assumed = (flags & FLAG_ASSUMED) !== 0;
    const existing = this.edges.get(id);
    if (existing) {
      if (existing.assumed !== undefined) existing.assumed = existing.assumed && assumed;
      return;
    }
    this.addNode(e.kind === "stored_in" ? e.src : e.dst);
    const isCan = e.kind === "can";
    this.edges.set(id, {
      id,
      source: nodeId(e.src),
      target: nodeId(e.dst),
      kind: e.kind,
      label: e.kind === "stored_in" ? "stored in" : edgeLabel(e.kind, e.action, isCan ? cls : undefined),
      class: isCan ? cls : undefined,
      assumed: isCan || e.kind === "authenticates_as" ? assumed : undefined,
      conditional: isCan ? (flags & FLAG_CONDITIONAL) !== 0 : undefined,
    });
  }

  /** What folding needs to know of the targets never listed (see foldToBudget). */
  get unlisted(): Unlisted {
    const groupKey = (group: number) => [nodeId(Math.floor(group / NODE_KIND_SLOTS)), nodeKindFromCode(group % NODE_KIND_SLOTS)] as const;
    const counts = new Map<string, number>();
    for (const [group, count] of this.unlistedByGroup) counts.set(groupKey(group).join("\u0000"), count);
    const folded = new Map<string, string>();
    for (const [node, group] of this.foldedIn) folded.set(nodeId(node), aggregateId(...groupKey(group)));
    return { counts, folded };
  }
}

/**
 * Rows of the allowed classes, worst first: by class, then by what the resource holds, then shortest
 * path first (the table's breadth-first order). Names, the last tie-breaker of the agent page, are left
 * out: naming 250k rows is what made this page slow.
 */
function rowsInRankOrder(table: ReachTable, allowed: Set<ActionClass>): number[] {
  const buckets = new Map<number, number[]>();
  for (let i = 0; i < table.count; i++) {
    const code = table.classCode(i);
    if (!allowed.has(ACTION_CLASSES[code - 1])) continue;
    const key = code * 2 ** 32 - table.holds(i);
    const bucket = buckets.get(key);
    if (bucket) bucket.push(i);
    else buckets.set(key, [i]);
  }
  return [...buckets.keys()].sort((a, b) => a - b).flatMap((key) => buckets.get(key)!);
}

/** Without an agent: the whole graph if it fits, else the agents and one aggregate per other kind. */
export async function getOverviewGraph(db: Db): Promise<ExplorerGraph> {
  const [counts] = await queryRows<{ nodes: number; edges: number }>(db, sql`select (select count(*)::int from nodes) as nodes, (select count(*)::int from edges) as edges`);
  if (Number(counts.nodes) + Number(counts.edges) <= ELEMENT_BUDGET) {
    const nodeRows = await queryRows<{ id: number; kind: number; name: string }>(db, sql`select id, kind, name from nodes`);
    const edgeRows = await queryRows<StoredEdgeRow>(
      db,
      sql`select kind, src, dst, action, props, flags from edges`,
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
  const rows = await queryRows<StoredEdgeRow & { other: number; other_kind: number; other_name: string }>(db, sql`
    (select e.kind, e.src, e.dst, e.action, e.props, e.flags, n.id as other, n.kind as other_kind, n.name as other_name
       from edges e join nodes n on n.id = e.dst
      where e.src = ${id} ${kindCode === null ? sql`` : sql`and n.kind = ${kindCode}`} order by n.name limit ${limit})
    union all
    (select e.kind, e.src, e.dst, e.action, e.props, e.flags, n.id as other, n.kind as other_kind, n.name as other_name
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

interface StoredEdgeRow {
  kind: number;
  src: number;
  dst: number;
  action: string;
  props: Record<string, unknown> | null;
  flags: number;
}

function edgeFromRow(row: StoredEdgeRow): CanvasEdge {
  const kind = edgeKindFromCode(Number(row.kind));
  const props = restoreEdgeProps(kind, { action: row.action, flags: Number(row.flags), props: row.props });
  const cls = kind === "can" && typeof props.class === "string" ? (props.class as ActionClass) : undefined;
  const action = row.action || undefined;
  return {
    id: edgeKey(kind, Number(row.src), Number(row.dst), action),
    source: nodeId(Number(row.src)),
    target: nodeId(Number(row.dst)),
    kind,
    label: kind === "stored_in" ? "stored in" : edgeLabel(kind, action, cls),
    class: cls,
    assumed: props.assumed === true || undefined,
    conditional: props.conditional === true || undefined,
  };
}
