/**
 * Small-integer codes for node and edge kinds, as stored. The arrays in types.ts are append-only: a code
 * is the kind's position + 1, so reordering them would silently relabel stored rows.
 */
import { EDGE_KINDS, NODE_KINDS, type EdgeKind, type NodeKind } from "@/lib/graph/types";

// Looked up once per row when a batch is written (millions of times): a map, not a scan of the list.
const NODE_CODES = new Map<string, number>(NODE_KINDS.map((kind, i) => [kind, i + 1]));
const EDGE_CODES = new Map<string, number>(EDGE_KINDS.map((kind, i) => [kind, i + 1]));

export const nodeKindCode = (kind: NodeKind): number => NODE_CODES.get(kind) ?? 0;
export const edgeKindCode = (kind: EdgeKind): number => EDGE_CODES.get(kind) ?? 0;

export function nodeKindFromCode(code: number): NodeKind {
  const kind = NODE_KINDS[code - 1];
  if (!kind) throw new Error(`unknown node kind code ${code}`);
  return kind;
}

export function edgeKindFromCode(code: number): EdgeKind {
  const kind = EDGE_KINDS[code - 1];
  if (!kind) throw new Error(`unknown edge kind code ${code}`);
  return kind;
}
