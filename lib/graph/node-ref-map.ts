/**
 * A map keyed by node reference (kind + key) without building a combined string per lookup: one map per
 * kind, keyed by the key string itself. A batch's edges name their ends by references whose key strings
 * are often the very strings of the nodes (or were hashed before), so a lookup costs one cached hash,
 * where `${kind}\0${key}` allocated and hashed a new string twice per edge (~1 s at a million edges).
 */
import type { NodeKind, NodeRef } from "@/lib/graph/types";

export class NodeRefMap<V> {
  private readonly byKind = new Map<NodeKind, Map<string, V>>();
  private count = 0;

  get size(): number {
    return this.count;
  }

  get(ref: NodeRef): V | undefined {
    return this.byKind.get(ref.kind)?.get(ref.key);
  }

  has(ref: NodeRef): boolean {
    return this.byKind.get(ref.kind)?.has(ref.key) ?? false;
  }

  set(ref: NodeRef, value: V): this {
    let keys = this.byKind.get(ref.kind);
    if (!keys) this.byKind.set(ref.kind, (keys = new Map()));
    if (!keys.has(ref.key)) this.count++;
    keys.set(ref.key, value);
    return this;
  }
}
