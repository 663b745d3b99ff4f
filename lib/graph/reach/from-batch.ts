/**
 * A reach index and node table straight from a GraphBatch, without a database: lets the reach and the
 * finding rules be tested on small hand-written graphs. Node ids are positions in the batch (from 1).
 */
import { nodeKindCode, edgeKindCode } from "@/lib/graph/kind-codes";
import { FLAG_ASSUMED, FLAG_CONDITIONAL, FLAG_ESCALATION, allocateEdgeArrays, buildReachIndex, classFlag, type ReachIndex } from "@/lib/graph/reach/reach-index";
import { graphBatchSchema, nodeRefId, type ActionClass, type GraphBatch, type NodeKind } from "@/lib/graph/types";

export interface GraphNodeInfo {
  id: number;
  kind: NodeKind;
  key: string;
  name: string;
  props: Record<string, unknown>;
}

export interface IndexedGraph {
  index: ReachIndex;
  nodes: Map<number, GraphNodeInfo>;
}

export function indexGraphBatch(input: GraphBatch): IndexedGraph {
  const batch = graphBatchSchema.parse(input);
  const ids = new Map<string, number>();
  const nodes = new Map<number, GraphNodeInfo>();
  for (const node of batch.nodes) {
    const ref = nodeRefId(node);
    const existing = ids.get(ref);
    if (existing !== undefined) {
      if (!node.ref) nodes.set(existing, { ...nodes.get(existing)!, name: node.name, props: node.props });
      continue;
    }
    const id = ids.size + 1;
    ids.set(ref, id);
    nodes.set(id, { id, kind: node.kind, key: node.key, name: node.name, props: node.props });
  }
  const actions = [...new Set(batch.edges.map((e) => (e.kind === "can" ? String(e.props.action) : null)).filter((a): a is string => a !== null))].sort();
  const count = batch.edges.length;
  const arrays = allocateEdgeArrays(count, ids.size, actions);
  for (const node of nodes.values()) arrays.nodeKind[node.id] = nodeKindCode(node.kind);
  batch.edges.forEach((edge, i) => {
    arrays.src[i] = ids.get(nodeRefId(edge.src))!;
    arrays.dst[i] = ids.get(nodeRefId(edge.dst))!;
    arrays.kind[i] = edgeKindCode(edge.kind);
    arrays.flags[i] = packEdgeFlags(edge.props);
    arrays.action[i] = edge.kind === "can" ? actions.indexOf(String(edge.props.action)) : -1;
  });
  return { index: buildReachIndex(arrays), nodes };
}

/** The same packing the database loader does in SQL. */
export function packEdgeFlags(props: Record<string, unknown>): number {
  return (
    classFlag(props.class as ActionClass | undefined) |
    (props.assumed === true ? FLAG_ASSUMED : 0) |
    (props.conditional === true ? FLAG_CONDITIONAL : 0) |
    (props.escalation === true ? FLAG_ESCALATION : 0)
  );
}
