import { afterEach, beforeEach, expect, it } from "vitest";
import type { DatabaseHandle } from "@/lib/db/client";
import { getAgentSubgraph, getNeighbourhood, getOverviewGraph } from "@/lib/db/queries/graph";
import { ELEMENT_BUDGET } from "@/lib/graph/bound-graph";
import { findAgentOrThrow, getAgentReach } from "@/lib/db/queries/reach";
import { describeEachDriver } from "@/lib/db/testing/drivers";
import { ingestBatch } from "@/lib/db/store/ingest";
import { tangledBatch } from "@/lib/graph/reach/fixtures/tangled-graph";
import type { GraphBatch, GraphNode } from "@/lib/graph/types";

/** One agent whose role may delete `count` buckets: far more targets than the explorer may draw. */
function wideBatch(count: number): GraphBatch {
  const node = (kind: GraphNode["kind"], key: string): GraphNode => ({ kind, key, name: key });
  const agent = node("agent", "wide-agent");
  const file = node("file", "wide.env");
  const cred = node("credential", "wide-token");
  const role = node("identity", "wide-role");
  const buckets = Array.from({ length: count }, (_, i) => node("resource", `bucket-${String(i).padStart(5, "0")}`));
  const ref = (n: GraphNode) => ({ kind: n.kind, key: n.key });
  return {
    collector: "test",
    nodes: [agent, file, cred, role, ...buckets],
    edges: [
      { kind: "can_read", src: ref(agent), dst: ref(file), props: {} },
      { kind: "contains", src: ref(file), dst: ref(cred), props: {} },
      { kind: "authenticates_as", src: ref(cred), dst: ref(role), props: {} },
      ...buckets.map((b) => ({ kind: "can" as const, src: ref(role), dst: ref(b), props: { action: "deleteBucket", class: "D1" } })),
    ],
    warnings: [],
  };
}

describeEachDriver("getAgentSubgraph: the explorer's drawing of an agent's reach", (testDb) => {
  let handle: DatabaseHandle;
  beforeEach(async () => {
    handle = await testDb.create();
  });
  afterEach(async () => {
    await handle.close();
  });

  it("draws every node on the agent's paths, named, when it fits", async () => {
    for (const seed of [7, 42]) await ingestBatch(handle.db, `estate-${seed}`, tangledBatch(seed));
    for (const name of ["agent0", "agent1", "agent2", "agent3"]) {
      const agent = await findAgentOrThrow(handle.db, name);
      for (const classes of [undefined, ["D1" as const]]) {
        const { rows } = await getAgentReach(handle.db, agent.id, classes ? { classes } : {});
        const graph = await getAgentSubgraph(handle.db, agent.id, { classes });
        const expected = new Map(rows.flatMap((r) => r.path.nodes).map((n) => [String(n.id), n.name]));
        const drawn = graph.nodes.filter((n) => !n.aggregate);
        expect(new Map(drawn.map((n) => [n.id, n.label]))).toEqual(expected);
        expect(graph.aggregated).toBe(0);
      }
    }
  });

  it("folds thousands of targets into one +N node, within the element budget", async () => {
    await ingestBatch(handle.db, "wide", wideBatch(5000));
    const agent = await findAgentOrThrow(handle.db, "wide-agent");
    const graph = await getAgentSubgraph(handle.db, agent.id);
    expect(graph.nodes.length + graph.edges.length).toBeLessThanOrEqual(ELEMENT_BUDGET);
    const aggregate = graph.nodes.find((n) => n.aggregate);
    const buckets = graph.nodes.filter((n) => n.kind === "resource" && !n.aggregate);
    expect(aggregate?.aggregate?.count).toBe(5000 - buckets.length);
    expect(buckets.length).toBeGreaterThan(0);
    expect(graph.edges.some((e) => e.target === aggregate?.id)).toBe(true);
    expect(graph.note).toMatch(/folded/);
  });

  it("draws a small graph whole without an agent, and a node's neighbourhood both ways", async () => {
    await ingestBatch(handle.db, "wide", wideBatch(3));
    const overview = await getOverviewGraph(handle.db);
    expect(overview.nodes.map((n) => n.label).sort()).toEqual(["bucket-00000", "bucket-00001", "bucket-00002", "wide-agent", "wide-role", "wide-token", "wide.env"]);
    expect(overview.edges).toHaveLength(6);
    const role = overview.nodes.find((n) => n.label === "wide-role")!;
    const around = await getNeighbourhood(handle.db, role.nodeId!);
    expect(around.edges.map((e) => e.kind).sort()).toEqual(["authenticates_as", "can", "can", "can"]);
  });
});
