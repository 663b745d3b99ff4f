import { describe, expect, it } from "vitest";
import { ELEMENT_BUDGET, boundGraph } from "@/lib/graph/bound-graph";
import type { CanvasEdge } from "@/lib/graph/layout";

function fan(count: number) {
  const nodes = [
    { id: "1", kind: "identity" as const, label: "owner", nodeId: 1 },
    ...Array.from({ length: count }, (_, i) => ({ id: String(100 + i), kind: "resource" as const, label: `bucket-${i}`, nodeId: 100 + i })),
  ];
  const edges: CanvasEdge[] = nodes.slice(1).map((n) => ({ id: `e${n.id}`, source: "1", target: n.id, kind: "can", label: "delete", class: "D1" }));
  return { nodes, edges };
}

describe("boundGraph", () => {
  it("draws a small graph as it is", () => {
    const { nodes, edges } = fan(5);
    const graph = boundGraph(nodes, edges);
    expect(graph.nodes).toHaveLength(6);
    expect(graph.aggregated).toBe(0);
    expect(graph.note).toBeNull();
  });

  it("folds a big group of siblings into one +N node the user can drill into", () => {
    const { nodes, edges } = fan(100);
    const graph = boundGraph(nodes, edges);
    const aggregate = graph.nodes.find((n) => n.aggregate);
    expect(aggregate?.aggregate).toEqual({ count: 60, parent: "1" });
    expect(graph.nodes.filter((n) => !n.aggregate)).toHaveLength(41);
    expect(graph.edges.some((e) => e.target === aggregate?.id)).toBe(true);
  });

  it("shows every sibling when asked for one kind (drilling in), within the budget", () => {
    const { nodes, edges } = fan(100);
    expect(boundGraph(nodes, edges, { readable: false }).nodes).toHaveLength(101);
  });

  it("never returns more than the element budget", () => {
    const { nodes, edges } = fan(5000);
    const graph = boundGraph(nodes, edges, { readable: false });
    expect(graph.nodes.length + graph.edges.length).toBeLessThanOrEqual(ELEMENT_BUDGET);
    expect(graph.nodes.find((n) => n.aggregate)?.aggregate?.count).toBeGreaterThan(4000);
  });
});
