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

  it("names the first bad record by its path", () => {
    expect(() => validateBatch({ collector: "x", nodes: [agent, { ...agent, key: "" }], edges: [] })).toThrow(
      /Invalid batch at nodes\[1\]\.key/,
    );
    expect(() => validateBatch({ collector: "x", nodes: "nope", edges: [] })).toThrow(/Invalid batch at nodes:/);
  });

  it("requires action and class on `can` edges", () => {
    const edge = { kind: "can", src: identity, dst: resource, props: { action: "rds:DeleteDBInstance" } };
    expect(() => validateBatch({ collector: "x", nodes: [identity, resource], edges: [edge] })).toThrow(/edges\[0\]\.props\.class/);
  });

  it("rejects an edge whose end is not in the batch", () => {
    const edge = { kind: "can_read", src: agent, dst: { kind: "file", key: "file:m:/missing" } };
    expect(() => validateBatch({ collector: "x", nodes: [agent], edges: [edge] })).toThrow(/edges\[0\]\.dst: no node file/);
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
