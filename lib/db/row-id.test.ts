import { describe, expect, it } from "vitest";
import { MAX_ROW_ID, parseRowId, rowIdSchema } from "@/lib/db/row-id";

describe("parseRowId", () => {
  it("reads the ids an integer column holds", () => {
    expect(parseRowId("1")).toBe(1);
    expect(parseRowId("0042")).toBe(42);
    expect(parseRowId(String(MAX_ROW_ID))).toBe(MAX_ROW_ID);
  });

  it("refuses what no row can have: past the column's range, zero, signs, fractions, hex, exponents, text", () => {
    for (const text of [String(MAX_ROW_ID + 1), "99999999999", "0", "-1", "+1", "1.5", "0x1", "1e3", " 1", "1 ", "", "abc", "١"]) {
      expect(parseRowId(text), text).toBeNull();
    }
  });
});

describe("rowIdSchema (route and action inputs)", () => {
  it("takes the ids a row can have and refuses the rest with a message", () => {
    expect(rowIdSchema.parse("7")).toBe(7);
    expect(rowIdSchema.parse(String(MAX_ROW_ID))).toBe(MAX_ROW_ID);
    for (const input of [String(MAX_ROW_ID + 1), "0", "-3", "1.5", "x"]) expect(rowIdSchema.safeParse(input).success, input).toBe(false);
    expect(rowIdSchema.safeParse(String(MAX_ROW_ID + 1)).error?.issues[0].message).toContain(String(MAX_ROW_ID));
  });
});
