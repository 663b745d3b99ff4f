/**
 * A validated batch turned into the rows the store stages: each node once, and each edge once per natural
 * key, by node id, in the edges' primary-key order. Pure: the store hands in the ids the database gave
 * the batch's nodes, so this runs in memory what a server-side join, sort and DISTINCT ON cost far more
 * to do (~2.7 s of server time at a million edges).
 */
import { copyRows } from "@/lib/db/store/copy-rows";
import { storedEdgeProps } from "@/lib/db/store/edge-props";
import { edgeKindCode, nodeKindCode } from "@/lib/graph/kind-codes";
import { NodeRefMap } from "@/lib/graph/node-ref-map";
import { packEdgeFlags } from "@/lib/graph/reach/from-batch";
import type { ValidGraphBatch } from "@/lib/graph/types";

type BatchNode = ValidGraphBatch["nodes"][number];
type BatchEdge = ValidGraphBatch["edges"][number];

export interface DistinctNodes {
  /** One node per (kind, key), its ordinal its position here. */
  nodes: BatchNode[];
  ordOf: NodeRefMap<number>;
}

/** One row per (kind, key): a full report wins over a ref, and a later full report over an earlier one. */
export function dedupeNodes(batchNodes: BatchNode[]): DistinctNodes {
  const nodes: BatchNode[] = [];
  const ordOf = new NodeRefMap<number>();
  for (const node of batchNodes) {
    const ord = ordOf.get(node);
    if (ord === undefined) {
      ordOf.set(node, nodes.length);
      nodes.push(node);
    } else if (!node.ref || nodes[ord].ref) nodes[ord] = node;
  }
  return { nodes, ordOf };
}

/**
 * COPY text rows for `(kind, key, name, props, is_ref)`, followed by each node's ordinal or, when given,
 * by `trailing` values (the owning source and sweeps, for rows that go straight into `nodes`).
 */
export function nodeLines(nodes: BatchNode[], trailing?: number[]): Generator<Buffer> {
  return copyRows(nodes.length, (row, ord) => {
    const n = nodes[ord];
    row.int(nodeKindCode(n.kind)).text(n.key).text(n.name).text(JSON.stringify(n.props)).bool(n.ref === true);
    if (!trailing) row.int(ord);
    else for (const value of trailing) row.int(value);
  });
}

/** The batch's edges that will be stored: positions in the batch, with their ends' node ids. */
export interface EdgeRows {
  count: number;
  /** Position in batch.edges of each row, in (src, kind, dst, action) order. */
  edge: Int32Array;
  src: Int32Array;
  dst: Int32Array;
}

/**
 * Each edge's ends as batch ordinals and its action, looked up over consecutive ranges of the batch. It
 * needs no node id, so the store runs it in slices while the server writes the nodes: these two million
 * map lookups are most of the time the batch spends in this process.
 */
export class EdgeEndsLookup {
  readonly srcOrd: Int32Array;
  readonly dstOrd: Int32Array;
  /** Each edge's action, numbered in order of first appearance until `finish` ranks them by bytes. */
  private readonly action: Int32Array;
  private readonly actions = new Map<string, number>();
  private done = 0;
  // A source's edges mostly come together (a role's thousands of grants): look it up once per run.
  private lastSrc: BatchEdge["src"] = { kind: "agent", key: "" };
  private lastSrcOrd = -1;

  constructor(
    private readonly edges: BatchEdge[],
    private readonly ordOf: NodeRefMap<number>,
  ) {
    this.srcOrd = new Int32Array(edges.length);
    this.dstOrd = new Int32Array(edges.length);
    this.action = new Int32Array(edges.length);
  }

  /** Looks up the next `count` edges; false once every edge is done. */
  lookUpNext(count: number): boolean {
    const { edges, ordOf, srcOrd, dstOrd, action, actions } = this;
    const end = Math.min(edges.length, this.done + count);
    for (let i = this.done; i < end; i++) {
      const e = edges[i];
      if (e.src.key !== this.lastSrc.key || e.src.kind !== this.lastSrc.kind) {
        this.lastSrc = e.src;
        this.lastSrcOrd = ordOf.get(e.src)!;
      }
      srcOrd[i] = this.lastSrcOrd;
      dstOrd[i] = ordOf.get(e.dst)!;
      const name = actionOf(e);
      let id = actions.get(name);
      if (id === undefined) actions.set(name, (id = actions.size));
      action[i] = id;
    }
    this.done = end;
    return end < edges.length;
  }

  /** Every edge's ends, with actions ranked among the batch's distinct actions in byte order (as `collate "C"`). */
  finish(): EdgeEnds {
    while (this.lookUpNext(1 << 20));
    const distinct = [...this.actions.keys()];
    const bytes = distinct.map((a) => Buffer.from(a, "utf8"));
    const byBytes = distinct.map((_, id) => id).sort((a, b) => Buffer.compare(bytes[a], bytes[b]));
    const rank = new Int32Array(distinct.length);
    byBytes.forEach((id, r) => (rank[id] = r));
    const actionRank = this.action.map((id) => rank[id]);
    return { srcOrd: this.srcOrd, dstOrd: this.dstOrd, actionRank, actionCount: distinct.length };
  }
}

export interface EdgeEnds {
  srcOrd: Int32Array;
  dstOrd: Int32Array;
  actionRank: Int32Array;
  actionCount: number;
}

/**
 * Resolves each edge's ends to node ids (`idOfOrd[ordinal]`) and keeps one edge per natural key
 * (src, kind, dst, action), the latest in the batch, ordered as the primary key orders them (actions by
 * their bytes), so inserts walk that index instead of jumping about it.
 */
export function resolveEdgeRows(edges: BatchEdge[], ordOf: NodeRefMap<number>, idOfOrd: Int32Array): EdgeRows {
  return orderEdgeRows(edges, new EdgeEndsLookup(edges, ordOf).finish(), idOfOrd);
}

/** `resolveEdgeRows` for ends already looked up. */
export function orderEdgeRows(edges: BatchEdge[], ends: EdgeEnds, idOfOrd: Int32Array): EdgeRows {
  const n = edges.length;
  const { srcOrd, actionRank } = ends;
  const dst = new Int32Array(n);
  // The order within one source node: kind, destination id, action rank, packed into one exact double.
  const key = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    dst[i] = idOfOrd[ends.dstOrd[i]];
    key[i] = (edgeKindCode(edges[i].kind) * 2 ** 31 + dst[i]) * ACTION_SLOTS + actionRank[i];
  }
  const order = bucketBySourceId(srcOrd, idOfOrd);
  const packed = ends.actionCount < ACTION_SLOTS;
  const byKeyThenLatest = packed ? (a: number, b: number) => key[a] - key[b] || b - a : compareWide(edges, dst, actionRank);
  const sameKey = packed
    ? (a: number, b: number) => key[a] === key[b]
    : (a: number, b: number) => edges[a].kind === edges[b].kind && dst[a] === dst[b] && actionRank[a] === actionRank[b];

  const kept = new Int32Array(n);
  let count = 0;
  for (let from = 0; from < n; ) {
    const source = srcOrd[order[from]];
    let to = from + 1;
    while (to < n && srcOrd[order[to]] === source) to++;
    const run = order.subarray(from, to);
    if (run.length > 1) run.sort(byKeyThenLatest);
    for (let j = 0; j < run.length; j++) {
      // After the sort, the first of equal keys is the latest edge: the one that wins.
      if (j > 0 && sameKey(run[j - 1], run[j])) continue;
      kept[count++] = run[j];
    }
    from = to;
  }
  const rows: EdgeRows = { count, edge: kept.subarray(0, count), src: new Int32Array(count), dst: new Int32Array(count) };
  for (let r = 0; r < count; r++) {
    rows.src[r] = idOfOrd[srcOrd[kept[r]]];
    rows.dst[r] = dst[kept[r]];
  }
  return rows;
}

/**
 * COPY text rows for `(kind, src, dst, action, props, flags)`, followed by `trailing` values when given
 * (the owning source and sweep, for rows that go straight into `edges`).
 */
export function edgeRowLines(edges: BatchEdge[], rows: EdgeRows, trailing: number[] = []): Generator<Buffer> {
  return copyRows(rows.count, (row, r) => {
    const e = edges[rows.edge[r]];
    row.int(edgeKindCode(e.kind)).int(rows.src[r]).int(rows.dst[r]).text(actionOf(e)).text(storedEdgeProps(e.kind, e.props)).int(packEdgeFlags(e.props));
    for (const value of trailing) row.int(value);
  });
}

/** The action part of an edge's natural key: props.action for `can` edges, '' for the rest. */
export function actionOf(edge: BatchEdge): string {
  return typeof edge.props.action === "string" ? edge.props.action : "";
}

/** Actions get 18 bits of the packed sort key (4 for the kind and 31 for the id take the rest of 53). */
const ACTION_SLOTS = 2 ** 18;

/**
 * Edge positions grouped by source node, the groups in source-id order: a counting sort over the batch's
 * node ordinals (bounded by the batch, unlike ids), ranked by id. Within a group, batch order.
 */
function bucketBySourceId(srcOrd: Int32Array, idOfOrd: Int32Array): Int32Array {
  const nodeCount = idOfOrd.length;
  const ordsById = Int32Array.from({ length: nodeCount }, (_, ord) => ord).sort((a, b) => idOfOrd[a] - idOfOrd[b]);
  const rankOfOrd = new Int32Array(nodeCount);
  for (let r = 0; r < nodeCount; r++) rankOfOrd[ordsById[r]] = r;
  const start = new Int32Array(nodeCount + 1);
  for (let i = 0; i < srcOrd.length; i++) start[rankOfOrd[srcOrd[i]] + 1]++;
  for (let r = 0; r < nodeCount; r++) start[r + 1] += start[r];
  const order = new Int32Array(srcOrd.length);
  for (let i = 0; i < srcOrd.length; i++) order[start[rankOfOrd[srcOrd[i]]]++] = i;
  return order;
}

/** The slow comparison, for batches with more distinct actions than the packed key has room for. */
function compareWide(edges: BatchEdge[], dst: Int32Array, action: Int32Array) {
  return (a: number, b: number) => edgeKindCode(edges[a].kind) - edgeKindCode(edges[b].kind) || dst[a] - dst[b] || action[a] - action[b] || b - a;
}
