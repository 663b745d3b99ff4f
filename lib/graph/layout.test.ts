import { describe, expect, it } from "vitest";
import { COLUMN_GAP, ROW_GAP, layoutByKind, layoutLayered, layoutPaths, type CanvasEdge, type LayoutPath } from "@/lib/graph/layout";

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

describe("layoutLayered", () => {
  const node = (id: string, kind: LayoutPath["nodes"][number]["kind"]) => ({ id, kind, label: id, x: 0, y: 0 });
  const edge = (source: string, kind: CanvasEdge["kind"], target: string): CanvasEdge => ({ id: `${source}>${kind}>${target}`, source, target, kind, label: kind });
  // The incident: the agent reads a script holding a token; the token's owner may delete the volume, and
  // the volume's backup is stored in it (an edge from the backup to the volume, nothing into the backup).
  const incident = {
    nodes: [node("agent", "agent"), node("script", "file"), node("token", "credential"), node("owner", "identity"), node("volume", "resource"), node("backup", "recovery_copy")],
    edges: [edge("agent", "can_read", "script"), edge("script", "contains", "token"), edge("token", "authenticates_as", "owner"), edge("owner", "can", "volume"), edge("backup", "stored_in", "volume")],
  };
  const columnsOf = (graph: { nodes: { id: string; x: number }[] }) => Object.fromEntries(graph.nodes.map((n) => [n.id, n.x / COLUMN_GAP]));

  it("rooted at the agent, puts a copy stored in a resource one column after that resource, not beside the agent", () => {
    expect(columnsOf(layoutLayered(incident, ["agent"]))).toEqual({ agent: 0, script: 1, token: 2, owner: 3, volume: 4, backup: 5 });
    expect(columnsOf(layoutLayered(incident, [])), "no selection: rooted at the agents").toEqual({ agent: 0, script: 1, token: 2, owner: 3, volume: 4, backup: 5 });
  });

  it("rooted at a resource, puts what leads to it before it and its copy after it", () => {
    expect(columnsOf(layoutLayered(incident, ["volume"]))).toEqual({ agent: 0, script: 1, token: 2, owner: 3, volume: 4, backup: 5 });
    expect(columnsOf(layoutLayered(incident, ["token"]))).toEqual({ agent: 0, script: 1, token: 2, owner: 3, volume: 4, backup: 5 });
  });

  it("places a second reader of the file in the root's column, and a part that touches no root from its own source", () => {
    const graph = {
      nodes: [...incident.nodes, node("other agent", "agent"), node("lone copy", "recovery_copy"), node("lone volume", "resource")],
      edges: [...incident.edges, edge("other agent", "can_read", "script"), edge("lone copy", "stored_in", "lone volume")],
    };
    const columns = columnsOf(layoutLayered(graph, ["agent"]));
    expect(columns["other agent"]).toBe(columns.agent);
    expect(columns["lone copy"]).toBe(columns["lone volume"] + 1);
    const laid = layoutLayered(graph, ["agent"]);
    expect(laid.nodes.every((n) => Number.isFinite(n.x) && Number.isFinite(n.y))).toBe(true);
    expect(new Set(laid.nodes.map((n) => `${n.x},${n.y}`)).size, "no two nodes on one spot").toBe(laid.nodes.length);
  });
});
