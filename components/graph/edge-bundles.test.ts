import { describe, expect, it } from "vitest";
import { bundleParallelEdges } from "@/components/graph/edge-bundles";
import type { CanvasEdge } from "@/lib/graph/layout";

const can = (action: string, cls: CanvasEdge["class"], extra: Partial<CanvasEdge> = {}): CanvasEdge => ({
  id: `e:${action}`,
  source: "n:1",
  target: "n:2",
  kind: "can",
  label: `${action} · ${cls}`,
  class: cls,
  ...extra,
});

describe("bundleParallelEdges", () => {
  it("draws parallel grants as one edge naming the actions, in the worst class", () => {
    const [edge, ...rest] = bundleParallelEdges([can("SELECT", "R"), can("DROP DATABASE", "D1"), can("TRUNCATE", "D1"), can("DELETE", "D1")]);
    expect(rest).toEqual([]);
    expect(edge).toMatchObject({ class: "D1", count: 4, label: "4 actions: DROP DATABASE, TRUNCATE, DELETE, +1", actions: ["DROP DATABASE", "TRUNCATE", "DELETE", "SELECT"] });
  });

  it("keeps edges between other pairs, or of other kinds, apart", () => {
    const edges = bundleParallelEdges([
      can("DROP", "D1"),
      can("DROP", "D1", { id: "other", target: "n:3" }),
      { id: "r", source: "n:1", target: "n:2", kind: "member_of", label: "member of" },
    ]);
    expect(edges.map((e) => [e.target, e.kind, e.label, e.count])).toEqual([
      ["n:2", "can", "DROP · D1", 1],
      ["n:3", "can", "DROP · D1", 1],
      ["n:2", "member_of", "member of", 1],
    ]);
  });

  it("marks a bundle assumed only when every grant in it is", () => {
    expect(bundleParallelEdges([can("A", "D1", { assumed: true }), can("B", "D1")])[0].assumed).toBeUndefined();
    expect(bundleParallelEdges([can("A", "D1", { assumed: true }), can("B", "D1", { assumed: true })])[0].assumed).toBe(true);
  });

  it("bounds a label built from collected action names", () => {
    const long = "x".repeat(500);
    expect(bundleParallelEdges([can(long, "D1")])[0].label.length).toBeLessThanOrEqual(90);
  });
});
