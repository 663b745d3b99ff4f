import { describe, expect, it } from "vitest";
import { DEFAULT_MAX_JSON_DEPTH, parseBatchJson, parseBatchJsonSync } from "@/lib/api/batch-json";

const limits = { records: { nodes: 3, edges: 5 }, maxDepth: DEFAULT_MAX_JSON_DEPTH, settings: { nodes: "BLASTMAP_PUSH_MAX_NODES" } };
const bytes = (text: string) => new TextEncoder().encode(text);

describe("parseBatchJson", () => {
  it("parses what JSON.parse parses, escapes, unicode, repeated keys and all", async () => {
    const samples = [
      { collector: "workspace", nodes: [{ kind: "agent", key: "a\"]},{", name: "é ☃ \u{1F600}", props: { deep: [1, [2, { x: null }]] } }], edges: [], warnings: [] },
      { nodes: [], edges: [1, "two", true, null, -3.5e2] },
      {},
    ];
    for (const sample of samples) {
      expect(await parseBatchJson(bytes(JSON.stringify(sample, null, 2)), limits)).toEqual(sample);
      expect(parseBatchJsonSync(bytes(JSON.stringify(sample)), limits)).toEqual(sample);
    }
    expect(await parseBatchJson(bytes('{"nodes": [1], "collector": "x", "nodes": [2, 3]}'), limits)).toEqual({ nodes: [2, 3], collector: "x" });
    expect(await parseBatchJson(bytes('{"nodes": "not a list"}'), limits)).toEqual({ nodes: "not a list" });
  });

  it("refuses too many records with 413 before parsing any, naming the setting", async () => {
    await expect(parseBatchJson(bytes('{"nodes": [{}, {}, {}, {}, {"not json": }]}'), limits)).rejects.toMatchObject({
      code: "payload_too_large:batch",
      message: "The batch holds 5 nodes; a push may hold at most 3 (BLASTMAP_PUSH_MAX_NODES). Split it across sources, or raise the limit.",
    });
  });

  it("refuses nesting deeper than the cap with 400, where a recursive reader would overflow its stack", async () => {
    const deep = `{"nodes": [{"props": ${"[".repeat(5000)}${"]".repeat(5000)}}]}`;
    await expect(parseBatchJson(bytes(deep), limits)).rejects.toMatchObject({
      code: "bad_request:batch",
      message: `The batch is nested deeper than ${DEFAULT_MAX_JSON_DEPTH} levels (in nodes[0]).`,
    });
    const justFits = `{"nodes": [${"[".repeat(DEFAULT_MAX_JSON_DEPTH - 2)}${"]".repeat(DEFAULT_MAX_JSON_DEPTH - 2)}]}`;
    await expect(parseBatchJson(bytes(justFits), limits)).resolves.toBeTruthy();
  });

  it("answers malformed bodies with 400 that says where, never what", async () => {
    const secret = "FAKE-canary-value";
    for (const text of ['{"nodes": [{"a": 1}', `{"nodes": [{"key": "${secret}" oops}]}`, '[1, 2]', '{"a": 1} trailing', '{"a" 1}', '{"nodes": [1,]}', "", `{"nodes": [${secret}]}`]) {
      const error = await parseBatchJson(bytes(text), limits).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: "bad_request:batch" });
      expect((error as Error).message).toMatch(/^The body is not valid JSON/);
      expect((error as Error).message).not.toContain(secret);
    }
  });

  it("lets timers run while it scans and parses a large batch", async () => {
    const nodes = Array.from({ length: 50_000 }, (_, i) => ({ kind: "file", key: `file:m:/w/src/module-${i}.ts`, name: `module-${i}.ts`, props: { size: i } }));
    const body = bytes(JSON.stringify({ collector: "workspace", nodes, edges: [] }));
    // Another task that wants a turn of the event loop every time it gets one.
    let turns = 0;
    let done = false;
    const other = () => {
      turns++;
      if (!done) setImmediate(other);
    };
    setImmediate(other);
    const parsed = (await parseBatchJson(body, { records: {}, maxDepth: 64 })) as { nodes: unknown[] };
    done = true;
    expect(parsed.nodes).toHaveLength(50_000);
    expect(turns).toBeGreaterThan(10);
  });
});
