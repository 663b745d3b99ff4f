import { describe, expect, it } from "vitest";
import { readEdgeArrays, unescapeCopyText } from "@/lib/db/store/edge-text-reader";
import { edgeKindCode } from "@/lib/graph/kind-codes";
import { CODE } from "@/lib/graph/reach/reach-index";

const can = CODE.can;
const contains = CODE.contains;
const gatedBy = edgeKindCode("gated_by");

describe("readEdgeArrays", () => {
  it("reads COPY text rows of the kinds reach follows into edge arrays, with action ids in the actions' byte order", () => {
    const edges = [
      `1\t2\t${can}\t9\tzap`,
      `1\t3\t${contains}\t0\t`,
      `1\t9\t${gatedBy}\t0\t`, // not followed by reach: skipped
      `4\t2\t${can}\t1\tdrop\\ttable`, // an escaped tab
      `4\t5\t${can}\t17\tback\\\\slash`,
      `4\t2\t${can}\t1\tzap`,
      `6\t2\t${can}\t0\t`, // a can edge with an empty action
      `7\t2\t${can}\t0\tÉtat`,
    ].join("\n") + "\n";
    const nodes = ["1\t1", "2\t8", "3\t2", "4\t5", "5\t8", "6\t5", "7\t5"].join("\n") + "\n";
    const arrays = readEdgeArrays(Buffer.from(edges), Buffer.from(nodes));
    expect(arrays.actions).toEqual(["", "back\\slash", "drop\ttable", "zap", "État"]);
    expect(arrays.count).toBe(7);
    expect([...arrays.src]).toEqual([1, 1, 4, 4, 4, 6, 7]);
    expect([...arrays.dst]).toEqual([2, 3, 2, 5, 2, 2, 2]);
    expect([...arrays.kind]).toEqual([can, contains, can, can, can, can, can]);
    expect([...arrays.flags]).toEqual([9, 0, 1, 17, 1, 0, 0]);
    expect([...arrays.action].map((a) => (a < 0 ? null : arrays.actions[a]))).toEqual(["zap", null, "drop\ttable", "back\\slash", "zap", "", "État"]);
    expect(arrays.maxNodeId).toBe(7);
    expect([...arrays.nodeKind]).toEqual([0, 1, 8, 2, 5, 8, 5, 5]);
  });

  it("gives the same arrays whatever order the rows come in", () => {
    const rows = Array.from({ length: 200 }, (_, i) => `${(i % 13) + 1}\t${(i % 7) + 20}\t${can}\t${i % 3}\taction${(i * 7) % 11}`);
    const nodes = Array.from({ length: 30 }, (_, i) => `${i + 1}\t3`).join("\n") + "\n";
    const forward = readEdgeArrays(Buffer.from(rows.join("\n") + "\n"), Buffer.from(nodes));
    const backward = readEdgeArrays(Buffer.from([...rows].reverse().join("\n") + "\n"), Buffer.from(nodes));
    expect(backward.actions).toEqual(forward.actions);
    const named = (a: typeof forward) => [...a.action].map((id, i) => `${a.src[i]}-${a.dst[i]}-${a.actions[id]}`).sort();
    expect(named(backward)).toEqual(named(forward));
  });

  it("keeps every row of a dense graph, whose rows are shorter than the loader sizes its arrays for", () => {
    // 400k distinct edges among 900 nodes with three-digit ids: rows of ~13 bytes.
    const rows = Array.from({ length: 400_000 }, (_, i) => `${100 + (i % 900)}\t${100 + Math.floor(i / 900)}\t${contains}\t0\t`);
    const nodes = Array.from({ length: 999 }, (_, i) => `${i + 1}\t8`).join("\n") + "\n";
    const arrays = readEdgeArrays(Buffer.from(rows.join("\n") + "\n"), Buffer.from(nodes));
    expect(arrays.count).toBe(400_000);
    expect(arrays.src[399_999]).toBe(100 + (399_999 % 900));
    expect(arrays.dst[399_999]).toBe(100 + Math.floor(399_999 / 900));
  });

  it("refuses a field that is not a number", () => {
    expect(() => readEdgeArrays(Buffer.from(`1\tx\t${can}\t0\ta\n`), Buffer.from(""))).toThrow(/unexpected byte/);
  });
});

describe("unescapeCopyText", () => {
  it("undoes COPY's text escapes", () => {
    expect(unescapeCopyText("plain")).toBe("plain");
    expect(unescapeCopyText("a\\\\b\\tc\\nd\\re\\bf\\fg\\vh")).toBe("a\\b\tc\nd\re\bf\fg\vh");
    expect(unescapeCopyText("\\x41\\102")).toBe("AB");
  });
});
