import { describe, expect, it } from "vitest";
import { COLUMN_GAP, ROW_GAP, layoutByKind, layoutPaths, type LayoutPath } from "@/lib/graph/layout";

const path = (ids: string[], kinds: LayoutPath["nodes"][number]["kind"][], action = "volumeDelete"): LayoutPath => ({
  nodes: ids.map((id, i) => ({ id, kind: kinds[i], name: id })),
  edges: ids.slice(1).map((_, i) => (i === ids.length - 2 ? { kind: "can" as const, action } : { kind: "contains" as const })),
  class: "D1",
  assumed: true,
});

describe("layoutPaths", () => {
  it("draws a path left to right, one column per hop, with the class on the action edge", () => {
    const graph = layoutPaths([path(["a", "f", "c", "i", "r"], ["agent", "file", "credential", "identity", "resource"])]);
    expect(graph.nodes.map((n) => [n.id, n.x, n.y])).toEqual([
      ["a", 0, 0],
      ["f", COLUMN_GAP, 0],
      ["c", 2 * COLUMN_GAP, 0],
      ["i", 3 * COLUMN_GAP, 0],
      ["r", 4 * COLUMN_GAP, 0],
    ]);
    const action = graph.edges.find((e) => e.kind === "can")!;
    expect(action).toMatchObject({ source: "i", target: "r", label: "volumeDelete · D1", class: "D1", assumed: true });
  });

  it("merges shared prefixes and stacks the different ends in the last column", () => {
    const kinds = ["agent", "credential", "identity", "resource"] as const;
    const graph = layoutPaths([path(["a", "c", "i", "r1"], [...kinds]), path(["a", "c", "i", "r2"], [...kinds], "DROP")]);
    expect(graph.nodes).toHaveLength(5);
    expect(graph.edges).toHaveLength(4);
    const ends = graph.nodes.filter((n) => n.id.startsWith("r"));
    expect(ends.map((n) => n.x)).toEqual([3 * COLUMN_GAP, 3 * COLUMN_GAP]);
    expect(Math.abs(ends[0].y - ends[1].y)).toBe(ROW_GAP);
  });
});

describe("layoutByKind", () => {
  it("puts each kind in its own fixed column, agents first", () => {
    const graph = layoutByKind({
      nodes: [
        { id: "r", kind: "resource", label: "vol" },
        { id: "a", kind: "agent", label: "Cursor" },
        { id: "c", kind: "credential", label: "token" },
      ],
      edges: [],
    });
    const x = Object.fromEntries(graph.nodes.map((n) => [n.id, n.x]));
    expect(x.a).toBeLessThan(x.c);
    expect(x.c).toBeLessThan(x.r);
  });
});
