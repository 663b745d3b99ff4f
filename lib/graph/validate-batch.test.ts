import { describe, expect, it } from "vitest";
import { validateBatch, validateBatchInSlices } from "@/lib/graph/validate-batch";

const agent = { kind: "agent", key: "agent:m:cursor:/p", name: "Cursor" };
const identity = { kind: "identity", key: "aws:arn:aws:iam::1:user/a", name: "a" };
const resource = { kind: "resource", key: "aws:arn:aws:rds:::db", name: "db" };

describe("validateBatch", () => {
  it("accepts a well-formed batch and fills defaults", () => {
    const batch = validateBatch({ collector: "x", nodes: [agent], edges: [] });
    expect(batch.nodes[0].props).toEqual({});
    expect(batch.warnings).toEqual([]);
  });

  it("leaves a bad record out with a warning naming it by its path, and keeps the rest", () => {
    const resource2 = { ...resource, key: "aws:arn:aws:rds:::db2" };
    const batch = validateBatch({
      collector: "x",
      nodes: [agent, { ...agent, key: "" }, identity, { kind: "volume", key: "v", name: "v" }, resource, resource2],
      edges: [
        { kind: "can", src: identity, dst: resource, props: { action: "rds:DeleteDBInstance" } },
        { kind: "can_read", src: agent, dst: { kind: "file", key: "file:m:/missing" } },
        { kind: "can", src: identity, dst: resource2, props: { action: "rds:DeleteDBInstance", class: "D1" } },
      ],
      warnings: [{ code: "w", message: "from the collector" }, { message: "no code" }],
    });
    expect(batch.nodes.map((n) => n.key)).toEqual([agent.key, identity.key, resource.key, resource2.key]);
    expect(batch.edges.map((e) => e.dst.key)).toEqual([resource2.key]);
    expect(batch.warnings[0]).toEqual({ code: "w", message: "from the collector" });
    const leftOut = batch.warnings.filter((w) => w.code === "record_left_out").map((w) => w.message);
    expect(leftOut).toHaveLength(5);
    expect(leftOut[0]).toMatch(/^nodes\[1\]\.key: .*This record was left out; the rest of the batch was kept\.$/);
    expect(leftOut[1]).toMatch(/^nodes\[3\]\.kind: /);
    expect(leftOut[2]).toMatch(/^edges\[0\]\.props\.class: /);
    expect(leftOut[3]).toMatch(/^edges\[1\]\.dst: no node file "file:m:\/missing" in this batch/);
    expect(leftOut[4]).toMatch(/^warnings\[1\]\.code: /);
  });

  it("refuses a batch whose shape is wrong, or none of whose records fits, naming the first problem", () => {
    expect(() => validateBatch({ collector: "x", nodes: "nope", edges: [] })).toThrow(/Invalid batch at nodes:/);
    expect(() => validateBatch({ collector: "x", nodes: [{ kind: "volume", key: "a", name: "a" }, { key: "b" }], edges: [] })).toThrow(
      /Invalid batch: none of its 2 records fits; the first: nodes\[0\]\.kind: /,
    );
    expect(validateBatch({ collector: "x", nodes: [], edges: [] }).nodes).toEqual([]); // an empty sweep is a real answer
  });

  it("keeps a batch whose every edge is bad, for its nodes", () => {
    const edge = { kind: "can", src: identity, dst: resource, props: { action: "rds:DeleteDBInstance" } };
    const batch = validateBatch({ collector: "x", nodes: [identity, resource], edges: [edge] });
    expect(batch.edges).toEqual([]);
    expect(batch.warnings[0].message).toMatch(/^edges\[0\]\.props\.class: /);
  });

  it("redacts a secret-shaped word in a missing end's key", () => {
    const token = `ghp_${"a1B2c3D4e5".repeat(4)}`;
    const batch = validateBatch({ collector: "x", nodes: [agent], edges: [{ kind: "can_read", src: agent, dst: { kind: "file", key: `file:m:/${token}` } }] });
    expect(JSON.stringify(batch.warnings)).not.toContain(token);
  });

  it("bounds an over-long key, name or warning instead of refusing the batch, and an edge still finds the node by its long key", () => {
    const longKey = `mcp:m:/p:${"k".repeat(5000)}`;
    const batch = validateBatch({
      collector: "x",
      nodes: [agent, { kind: "mcp_server", key: longKey, name: "n".repeat(5000) }],
      edges: [{ kind: "configured_with", src: agent, dst: { kind: "mcp_server", key: longKey } }],
      warnings: [{ code: "w", message: "m".repeat(100_000), location: { file: "f".repeat(10_000) } }],
    });
    expect(batch.nodes[1].name).toHaveLength(1024);
    expect(batch.nodes[1].key.length).toBeLessThanOrEqual(2048);
    expect(batch.edges[0].dst.key).toBe(batch.nodes[1].key);
    expect(batch.warnings[0].message.length).toBeLessThanOrEqual(2048);
    expect(batch.warnings[0].location?.file?.length).toBeLessThanOrEqual(2048);
    const other = validateBatch({ collector: "x", nodes: [{ kind: "mcp_server", key: `${longKey}x`, name: "n" }], edges: [] });
    expect(other.nodes[0].key).not.toBe(batch.nodes[1].key); // the hash keeps long keys apart
  });

  it("keeps at most 1,000 warnings and says how many more there were", () => {
    const warnings = Array.from({ length: 5000 }, (_, i) => ({ code: "w", message: `warning ${i}` }));
    const batch = validateBatch({ collector: "x", nodes: [], edges: [], warnings });
    expect(batch.warnings).toHaveLength(1001);
    expect(batch.warnings[1000]).toEqual({ code: "warnings_dropped", message: "4000 more warnings were left out (at most 1000 are kept)." });
  });

  it("validates a large batch in slices, letting other work run between them", async () => {
    const nodes = Array.from({ length: 50_000 }, (_, i) => ({ kind: "file", key: `file:m:/f${i}`, name: `f${i}` }));
    let turns = 0;
    let done = false;
    const other = () => {
      turns++;
      if (!done) setImmediate(other);
    };
    setImmediate(other);
    const batch = await validateBatchInSlices({ collector: "x", nodes, edges: [] });
    done = true;
    expect(batch.nodes).toHaveLength(50_000);
    expect(turns).toBeGreaterThanOrEqual(4);
  });
});
