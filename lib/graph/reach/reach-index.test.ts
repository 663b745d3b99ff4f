import { describe, expect, it } from "vitest";
import { indexGraphBatch } from "@/lib/graph/reach/from-batch";
import { reachTable } from "@/lib/graph/reach/rows";
import { holdsOf } from "@/lib/graph/reach/closure";
import { CODE, FLAG_CLASS_MASK, FLAG_DESTROYS_MORE, STORED_IN_REVERSED, buildReachIndex, type EdgeArrays, type ReachIndex } from "@/lib/graph/reach/reach-index";
import type { GraphBatch, GraphNode } from "@/lib/graph/types";
import { incidentBatch } from "@/lib/graph/reach/fixtures/incident-graph";
import { tangledBatch } from "@/lib/graph/reach/fixtures/tangled-graph";

/** The edge arrays an index was built from, back from its CSR (reversed stored_in entries left out). */
function edgeArraysOf(index: ReachIndex): EdgeArrays {
  const rows: number[][] = [];
  for (let node = 0; node < index.nodeCount; node++) {
    for (let e = index.offsets[node]; e < index.offsets[node + 1]; e++) {
      if (index.kind[e] !== STORED_IN_REVERSED) rows.push([node, index.dst[e], index.kind[e], index.flags[e], index.action[e]]);
    }
  }
  return arraysOf(rows, index);
}

function arraysOf(rows: number[][], index: ReachIndex): EdgeArrays {
  return {
    count: rows.length,
    src: Int32Array.from(rows, (r) => r[0]),
    dst: Int32Array.from(rows, (r) => r[1]),
    kind: Uint8Array.from(rows, (r) => r[2]),
    flags: Uint16Array.from(rows, (r) => r[3]),
    action: Int32Array.from(rows, (r) => r[4]),
    actions: index.actions,
    maxNodeId: index.nodeCount - 1,
    nodeKind: index.nodeKind,
  };
}

function shuffled<T>(items: T[], seed: number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    const j = seed % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

describe("buildReachIndex", () => {
  it("puts each node's edges in (dst, kind, action) order whatever order the rows came in", () => {
    for (const batch of [incidentBatch(), tangledBatch(7), tangledBatch(42)]) {
      const { index } = indexGraphBatch(batch);
      const input = edgeArraysOf(index);
      const rows = Array.from({ length: input.count }, (_, i) => [input.src[i], input.dst[i], input.kind[i], input.flags[i], input.action[i]]);
      for (const seed of [1, 2, 3]) {
        const rebuilt = buildReachIndex(arraysOf(shuffled(rows, seed), index));
        expect([...rebuilt.offsets]).toEqual([...index.offsets]);
        for (let node = 0; node < rebuilt.nodeCount; node++) {
          const keys = [];
          for (let e = rebuilt.offsets[node]; e < rebuilt.offsets[node + 1]; e++) {
            const reversed = rebuilt.kind[e] === STORED_IN_REVERSED;
            keys.push([reversed ? node : rebuilt.dst[e], reversed ? CODE.storedIn : rebuilt.kind[e], rebuilt.action[e]]);
          }
          const sorted = [...keys].sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2]);
          expect(keys).toEqual(sorted);
        }
        // Rows and paths do not depend on the order either.
        const table = (ix: ReachIndex, agent: number) => {
          const t = reachTable(ix, agent);
          return Array.from({ length: t.count }, (_, i) => JSON.stringify([t.resource(i), t.action(i), t.via(i), t.hops(i), t.path(i)])).sort();
        };
        for (let node = 1; node < index.nodeCount; node++) expect(table(rebuilt, node)).toEqual(table(index, node));
      }
    }
  });

  it("flags exactly the D1 grants on resources that take something with them", () => {
    const node = (kind: GraphNode["kind"], key: string): GraphNode => ({ kind, key, name: key, props: {} });
    const ref = (n: GraphNode) => ({ kind: n.kind, key: n.key });
    const [role, volume, data, loop, copy, vault] = [
      node("identity", "role"),
      node("resource", "volume"),
      node("resource", "data"),
      node("resource", "loop"),
      node("recovery_copy", "copy"),
      node("resource", "vault"),
    ];
    const grant = (dst: GraphNode, action: string, cls: string) => ({ kind: "can" as const, src: ref(role), dst: ref(dst), props: { action, class: cls } });
    const small: GraphBatch = {
      collector: "test",
      nodes: [role, volume, data, loop, copy, vault],
      edges: [
        { kind: "contains", src: ref(volume), dst: ref(data), props: {} },
        { kind: "contains", src: ref(loop), dst: ref(loop), props: {} }, // holds nothing but itself
        { kind: "stored_in", src: ref(copy), dst: ref(vault), props: {} },
        grant(volume, "deleteVolume", "D1"),
        grant(volume, "writeVolume", "W"),
        grant(loop, "deleteLoop", "D1"),
        grant(vault, "deleteVault", "D1"),
        grant(data, "deleteData", "D1"),
      ],
      warnings: [],
    };
    for (const batch of [small, incidentBatch(), tangledBatch(7), tangledBatch(42)]) {
      const { index } = indexGraphBatch(batch);
      const flagged: string[] = [];
      const expected: string[] = [];
      for (let n = 0; n < index.nodeCount; n++) {
        for (let e = index.offsets[n]; e < index.offsets[n + 1]; e++) {
          if (index.kind[e] !== CODE.can) continue;
          const grant = `${n}>${index.dst[e]}:${index.actions[index.action[e]]}`;
          if (index.flags[e] & FLAG_DESTROYS_MORE) flagged.push(grant);
          if ((index.flags[e] & FLAG_CLASS_MASK) === 1 && holdsOf(index, index.dst[e]) > 0) expected.push(grant);
        }
      }
      expect(flagged).toEqual(expected);
      if (batch === small) expect(flagged.map((g) => g.split(":")[1]).sort()).toEqual(["deleteVault", "deleteVolume"]);
    }
  });
});
