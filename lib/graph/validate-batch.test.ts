import { describe, expect, it } from "vitest";
import { validateBatch } from "@/lib/graph/validate-batch";

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
});
