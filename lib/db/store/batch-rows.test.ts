import { describe, expect, it } from "vitest";
import { dedupeNodes, resolveEdgeRows } from "@/lib/db/store/batch-rows";
import type { ValidGraphBatch } from "@/lib/graph/types";

type Edge = ValidGraphBatch["edges"][number];
type Node = ValidGraphBatch["nodes"][number];

const node = (kind: Node["kind"], key: string, extra: Partial<Node> = {}): Node => ({ kind, key, name: key, props: {}, ...extra });
const role = node("identity", "role");
const user = node("identity", "user");
const bucket = node("resource", "bucket");
const volume = node("resource", "volume");
const ref = (n: Node) => ({ kind: n.kind, key: n.key });
const can = (src: Node, dst: Node, action: string, extra: Record<string, unknown> = {}): Edge => ({ kind: "can", src: ref(src), dst: ref(dst), props: { action, class: "D1", ...extra } });

describe("dedupeNodes", () => {
  it("keeps one node per kind and key: a full report over a ref, a later full report over an earlier one", () => {
    const { nodes, ordOf } = dedupeNodes([
      node("identity", "a", { ref: true, name: "ref" }),
      node("identity", "a", { name: "first" }),
      node("identity", "a", { ref: true, name: "later ref" }),
      node("resource", "a", { name: "same key, other kind" }),
      node("identity", "a", { name: "second" }),
    ]);
    expect(nodes.map((n) => n.name)).toEqual(["second", "same key, other kind"]);
    expect(ordOf.get({ kind: "resource", key: "a" })).toBe(1);
  });
});

describe("resolveEdgeRows", () => {
  // Ids deliberately out of batch order: role 40, user 10, bucket 30, volume 20.
  const { nodes, ordOf } = dedupeNodes([role, user, bucket, volume]);
  const ids = Int32Array.from([40, 10, 30, 20]);
  const rowsOf = (edges: Edge[]) => {
    const rows = resolveEdgeRows(edges, ordOf, ids);
    return Array.from(rows.edge, (e, r) => ({ src: rows.src[r], kind: edges[e].kind, dst: rows.dst[r], action: edges[e].props.action ?? "", at: e }));
  };

  it("orders rows as the primary key does: source id, kind, destination id, action by its bytes", () => {
    const rows = rowsOf([
      can(role, bucket, "b"),
      can(role, volume, "z"),
      { kind: "member_of", src: ref(user), dst: ref(role), props: {} },
      can(role, bucket, "\u{1F600}"), // UTF-8 F0…: after U+FF21 by bytes, before it in UTF-16
      can(role, bucket, "\uFF21"),
      can(user, bucket, "a"),
    ]);
    expect(rows.map((r) => [r.src, r.kind, r.dst, r.action])).toEqual([
      [10, "member_of", 40, ""],
      [10, "can", 30, "a"],
      [40, "can", 20, "z"],
      [40, "can", 30, "b"],
      [40, "can", 30, "\uFF21"],
      [40, "can", 30, "\u{1F600}"],
    ]);
    expect(nodes).toHaveLength(4);
  });

  it("keeps one edge per natural key, the batch's latest", () => {
    const rows = rowsOf([can(role, bucket, "x", { note: 1 }), can(user, bucket, "x"), can(role, bucket, "x", { note: 2 }), can(role, bucket, "y")]);
    expect(rows.map((r) => [r.src, r.action, r.at])).toEqual([
      [10, "x", 1],
      [40, "x", 2],
      [40, "y", 3],
    ]);
  });

  it("orders and de-duplicates the same way when the batch has more actions than the packed sort key holds", () => {
    const many = Array.from({ length: 2 ** 18 + 2 }, (_, i) => can(role, i % 2 ? bucket : volume, `a${(2 ** 18 + 1 - i).toString(36)}`));
    many.push(can(role, volume, many[0].props.action as string, { note: "latest" }));
    const rows = rowsOf(many);
    expect(rows).toHaveLength(2 ** 18 + 2);
    const keys = rows.map((r) => [r.dst, Buffer.from(r.action as string)] as const);
    const ascending = keys.every(([dst, action], i) => i === 0 || keys[i - 1][0] < dst || (keys[i - 1][0] === dst && Buffer.compare(keys[i - 1][1], action) < 0));
    expect(ascending).toBe(true);
    expect(rows.find((r) => r.action === many[0].props.action)?.at).toBe(many.length - 1);
  });
});
