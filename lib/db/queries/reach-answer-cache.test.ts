import { describe, expect, it } from "vitest";
import type { ReachIndex } from "@/lib/graph/reach/reach-index";
import { rememberOnIndex } from "./reach-answer-cache";

const anIndex = () => ({}) as ReachIndex;

describe("rememberOnIndex", () => {
  it("computes an answer once for concurrent and later asks on the same index", async () => {
    const index = anIndex();
    let computed = 0;
    const compute = async () => ++computed;
    const answers = await Promise.all([rememberOnIndex(index, "a", compute), rememberOnIndex(index, "a", compute)]);
    expect(answers).toEqual([1, 1]);
    expect(await rememberOnIndex(index, "a", compute)).toBe(1);
  });

  it("computes again on a new index: nothing outlives the graph it came from", async () => {
    let computed = 0;
    const compute = async () => ++computed;
    await rememberOnIndex(anIndex(), "a", compute);
    expect(await rememberOnIndex(anIndex(), "a", compute)).toBe(2);
  });

  it("keeps no failed answer", async () => {
    const index = anIndex();
    await expect(rememberOnIndex(index, "a", async () => Promise.reject(new Error("database gone")))).rejects.toThrow("database gone");
    expect(await rememberOnIndex(index, "a", async () => "ok")).toBe("ok");
  });

  it("lets the least recently used answer go past the limit", async () => {
    const index = anIndex();
    let computed = 0;
    const compute = async () => ++computed;
    await rememberOnIndex(index, "a", compute, 2);
    await rememberOnIndex(index, "b", compute, 2);
    await rememberOnIndex(index, "a", compute, 2); // a is now the most recent
    await rememberOnIndex(index, "c", compute, 2); // b goes
    expect(await rememberOnIndex(index, "a", compute, 2)).toBe(1);
    expect(await rememberOnIndex(index, "b", compute, 2)).toBe(4);
  });
});
