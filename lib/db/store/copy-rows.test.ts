import { describe, expect, it } from "vitest";
import { copyField } from "@/lib/db/store/bulk-copy";
import { copyRows } from "@/lib/db/store/copy-rows";

const text = (chunks: Iterable<Buffer>) => Buffer.concat([...chunks]).toString("utf8");

describe("copyRows", () => {
  it("writes integers, booleans and text as COPY's text format reads them, escapes included", () => {
    const values = ["plain", "tab\there", "new\nline", "back\\slash", "cr\rlf", "", "café ☕ \u{1F600}\t", "ünïcode\\"];
    const out = text(copyRows(values.length, (row, i) => row.int(i * 1_000_003 - 7).bool(i % 2 === 0).text(values[i])));
    const expected = values.map((v, i) => `${i * 1_000_003 - 7}\t${i % 2 === 0 ? "t" : "f"}\t${copyField(v)}\n`).join("");
    expect(out).toBe(expected);
  });

  it("splits many rows into chunks of whole rows, and grows for a row larger than a chunk", () => {
    const big = "x".repeat(700_000);
    const chunks = [...copyRows(20_000, (row, i) => row.int(i).text(i === 10_000 ? big : "row"))];
    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks) expect(chunk[chunk.length - 1]).toBe(0x0a);
    const lines = text(chunks).split("\n");
    expect(lines).toHaveLength(20_001);
    expect(lines[10_000]).toBe(`10000\t${big}`);
    expect(lines[19_999]).toBe("19999\trow");
  });

  it("refuses a number that is not an integer instead of writing it wrong", () => {
    expect(() => [...copyRows(1, (row) => row.int(1.5))]).toThrow(/not an integer/);
  });
});
