import { afterEach, beforeEach, expect, it } from "vitest";
import type { DatabaseHandle } from "@/lib/db/client";
import { getAgentReach, getAgentReachBySql, listAgentsWithReachCounts, type ReachRow } from "@/lib/db/queries/reach";
import { describeEachDriver } from "@/lib/db/testing/drivers";
import { ingestBatch } from "@/lib/graph/ingest";
import { incidentBatch } from "@/lib/graph/reach/fixtures/incident-graph";
import type { ActionClass, GraphBatch, GraphEdge, GraphNode } from "@/lib/graph/types";

const ref = (n: GraphNode) => ({ kind: n.kind, key: n.key });

/** Comparable form of a row: everything but the choice among equally short paths. */
const shape = (row: ReachRow) => ({
  action: row.action,
  class: row.class,
  resource: row.resource.key,
  via: row.via,
  holds: row.holds,
  hops: row.path.edges.length,
  start: row.path.nodes[0]?.key,
  end: row.path.nodes.at(-1)?.key,
});

/** A deterministic pseudo-random estate with shared files, credentials, role chains, cycles and containment. */
function tangledBatch(seed: number): GraphBatch {
  let state = seed;
  const rand = (n: number) => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state % n;
  };
  const make = (kind: GraphNode["kind"], prefix: string, count: number) =>
    Array.from({ length: count }, (_, i) => ({ kind, key: `${prefix}${i}`, name: `${prefix}${i}` }) as GraphNode);
  const agents = make("agent", "agent", 4);
  const files = make("file", "file", 12);
  const creds = make("credential", "cred", 10);
  const ids = make("identity", "id", 10);
  const resources = make("resource", "res", 14);
  const copies = make("recovery_copy", "copy", 5);
  const edges: GraphEdge[] = [];
  const add = (kind: GraphEdge["kind"], src: GraphNode, dst: GraphNode, props: Record<string, unknown> = {}) =>
    edges.push({ kind, src: ref(src), dst: ref(dst), props });
  for (const a of agents) for (let i = 0; i < 3; i++) add("can_read", a, files[rand(files.length)]);
  agents.forEach((a, i) => add("configured_with", a, creds[i * 2]));
  files.forEach((f) => add("contains", f, creds[rand(creds.length)]));
  creds.forEach((c, i) => add("authenticates_as", c, ids[i], { assumed: i % 3 === 0 }));
  for (let i = 0; i < 12; i++) add(i % 2 ? "member_of" : "can_assume", ids[rand(ids.length)], ids[rand(ids.length)]);
  const classes: ActionClass[] = ["D1", "D2", "D3", "W", "R"];
  for (let i = 0; i < 30; i++) {
    const cls = classes[rand(classes.length)];
    add("can", ids[rand(ids.length)], resources[rand(resources.length)], {
      action: `${cls.toLowerCase()}Action${rand(3)}`,
      class: cls,
      conditional: rand(4) === 0,
    });
  }
  for (let i = 0; i < 6; i++) add("contains", resources[i], resources[i + 6]);
  add("contains", resources[6], resources[12]);
  copies.forEach((c, i) => {
    add("recovered_by", resources[i], c);
    if (i % 2 === 0) add("stored_in", c, resources[i]);
  });
  return { collector: "test", nodes: [...agents, ...files, ...creds, ...ids, ...resources, ...copies], edges };
}

describeEachDriver("reach: index against the recursive query", (testDb) => {
  let handle: DatabaseHandle;
  beforeEach(async () => {
    handle = await testDb.create();
  });
  afterEach(async () => {
    await handle.close();
  });

  it("gives the incident's chain, path for path, from both engines", async () => {
    await ingestBatch(handle.db, "laptop", incidentBatch());
    const fromIndex = await getAgentReach(handle.db, "Cursor");
    const fromSql = await getAgentReachBySql(handle.db, "Cursor");
    expect(fromIndex.rows).toEqual(fromSql.rows);
    expect(fromIndex.rows.map((r) => [r.class, r.action, r.resource.name, r.via])).toEqual([
      ["D1", "volumeDelete", "prod-db volume", null],
      ["D1", "volumeDelete", "prod-db volume backup", "stored in prod-db volume"],
      ["D1", "DROP", "shop database", null],
      ["W", "customDomainCreate", "shop project", null],
    ]);
    expect(fromIndex.rows[0].path.nodes.map((n) => n.kind)).toEqual(["agent", "workspace", "workspace", "file", "credential", "identity", "resource"]);
    expect(fromIndex.rows[0].assumed).toBe(true);

    const counts = await listAgentsWithReachCounts(handle.db);
    expect(counts).toEqual([expect.objectContaining({ name: "Cursor", agentKind: "cursor", d1: 3, d2: 0 })]);
  });

  it("agrees with the recursive query on tangled estates, and sees a new sweep", async () => {
    for (const seed of [7, 42]) {
      await ingestBatch(handle.db, `estate-${seed}`, tangledBatch(seed));
      for (const agent of ["agent0", "agent1", "agent2", "agent3"]) {
        const fromIndex = await getAgentReach(handle.db, agent);
        const fromSql = await getAgentReachBySql(handle.db, agent);
        expect(fromIndex.rows.map(shape)).toEqual(fromSql.rows.map(shape));
        for (const row of fromIndex.rows) {
          expect(row.path.edges).toHaveLength(row.path.nodes.length - 1);
          row.path.edges.forEach((edge, i) => {
            const [a, b] = [row.path.nodes[i].id, row.path.nodes[i + 1].id];
            expect(edge.kind === "stored_in" ? [edge.dst, edge.src] : [edge.src, edge.dst]).toEqual([a, b]);
          });
        }
      }
    }
    expect((await getAgentReach(handle.db, "agent0")).rows.length).toBeGreaterThan(0);
  });

  it("names an unknown agent clearly", async () => {
    await expect(getAgentReach(handle.db, "nobody")).rejects.toThrow(/No agent with id, key or name "nobody"/);
  });
});
