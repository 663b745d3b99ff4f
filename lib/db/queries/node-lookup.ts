/**
 * Finding one node, or a few, by id or by natural key: what links resolve through (lib/links.ts) and
 * what pages use to name the agents a finding concerns.
 */
import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { nodes } from "@/lib/db/schema";
import { nodeKindCode, nodeKindFromCode } from "@/lib/graph/kind-codes";
import { NODE_KINDS, type NodeKind } from "@/lib/graph/types";

export interface NodeRefView {
  id: number;
  kind: NodeKind;
  key: string;
  name: string;
}

export function isNodeKind(kind: string): kind is NodeKind {
  return (NODE_KINDS as readonly string[]).includes(kind);
}

export async function findNodeByKey(db: Db, kind: NodeKind, key: string): Promise<NodeRefView | null> {
  const [row] = await db.select({ id: nodes.id, key: nodes.key, name: nodes.name }).from(nodes).where(and(eq(nodes.kind, nodeKindCode(kind)), eq(nodes.key, key)));
  return row ? { ...row, kind } : null;
}

export async function getNodeRef(db: Db, id: number): Promise<(NodeRefView & { props: Record<string, unknown> }) | null> {
  const [row] = await db.select({ id: nodes.id, kind: nodes.kind, key: nodes.key, name: nodes.name, props: nodes.props }).from(nodes).where(eq(nodes.id, id));
  return row ? { ...row, kind: nodeKindFromCode(row.kind) } : null;
}

/** Nodes of one kind by natural key, in the order of `keys`; keys no node has any more are left out. */
export async function findNodesByKeys(db: Db, kind: NodeKind, keys: readonly string[]): Promise<NodeRefView[]> {
  if (keys.length === 0) return [];
  const rows = await db.select({ id: nodes.id, key: nodes.key, name: nodes.name }).from(nodes).where(and(eq(nodes.kind, nodeKindCode(kind)), inArray(nodes.key, [...keys])));
  const byKey = new Map(rows.map((r) => [r.key, r]));
  return keys.flatMap((key) => {
    const row = byKey.get(key);
    return row ? [{ ...row, kind }] : [];
  });
}

/** Nodes of one kind with exactly this display name, oldest first, at most `limit`. */
export async function findNodesByName(db: Db, kind: NodeKind, name: string, limit = 2): Promise<NodeRefView[]> {
  const rows = await db.select({ id: nodes.id, key: nodes.key, name: nodes.name }).from(nodes).where(and(eq(nodes.kind, nodeKindCode(kind)), eq(nodes.name, name))).orderBy(nodes.id).limit(limit);
  return rows.map((r) => ({ ...r, kind }));
}
