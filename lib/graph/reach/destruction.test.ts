import { describe, expect, it } from "vitest";
import { DestructionSummaries } from "@/lib/graph/reach/destruction";
import type { ReachIndex } from "@/lib/graph/reach/reach-index";

/** Another question on the same stamps: a union of five lists stamps nodes (four or fewer are merged). */
const OTHER = [5, 6, 7, 5, 6].map((n) => Int32Array.from([n]));
const list = (...nodes: number[]) => Int32Array.from(nodes);
const own = (d1: number[], d2: number[]) =>
  ({ d1: list(...d1), d2: list(...d2), destroy: list(...new Set([...d1, ...d2])), dying: list(), d1TakesMore: false }) as unknown as Parameters<DestructionSummaries["unionSizes"]>[0][number];

describe("DestructionSummaries.unionSizes", () => {
  it("counts right after its stamps' epoch has wrapped around, whatever was stamped 255 epochs before", () => {
    const summaries = new DestructionSummaries({ nodeCount: 8 } as unknown as ReachIndex);
    const owns = [own([1], [3]), own([2], [3, 4])];
    const expected = { d1: 2, d2: 2, destroy: 4 };
    summaries.unionOf(OTHER); // epoch 1
    expect(summaries.unionSizes(owns)).toEqual(expected); // epoch 2: node 3 stamped as a d2 node
    for (let i = 0; i < 254; i++) summaries.unionOf(OTHER); // epochs 3…255, then 1 again
    expect(summaries.unionSizes(owns)).toEqual(expected); // epoch 2 once more
  });
});
