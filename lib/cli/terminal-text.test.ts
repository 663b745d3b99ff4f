import { describe, expect, it } from "vitest";
import { HOSTILE_STRINGS } from "@/lib/graph/testing/hostile-batch";
import { formatTable } from "./table";
import { MAX_TERMINAL_TEXT, terminalText } from "./terminal-text";

/** Anything a terminal acts on rather than prints: controls (newline aside), DEL, bidi, separators. */
const ACTS_ON_TERMINAL = /[\p{Cc}\p{Bidi_Control}\u2028\u2029]/u;

describe("terminalText", () => {
  it("shows escapes, bidi controls and line breaks as visible text", () => {
    expect(terminalText(HOSTILE_STRINGS.ansi)).toBe("\\u001B[2J\\u001B[31mRED\\u001B[0m\\u0007");
    expect(terminalText(HOSTILE_STRINGS.bidi)).toBe("invoice\\u202Egpj.exe\\u202C");
    expect(terminalText(HOSTILE_STRINGS.newline)).toBe("first line\\nsecond line\\r\\n\\ttabbed");
    expect(terminalText("plain name — café 🚀")).toBe("plain name — café 🚀");
  });

  it("cuts a megabyte name to one screenful, without splitting a surrogate pair", () => {
    expect(terminalText(HOSTILE_STRINGS.megabyte)).toHaveLength(MAX_TERMINAL_TEXT);
    const cut = terminalText("🚀".repeat(500));
    expect(cut.endsWith("…")).toBe(true);
    expect(cut).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });

  it("keeps a table of hostile cells one row per line, each line printable and bounded", () => {
    const rows = Object.values(HOSTILE_STRINGS).map((text, i) => [i, text, "D1"]);
    const lines = formatTable(["ID", "NAME", "CLASS"], rows).trimEnd().split("\n");
    expect(lines).toHaveLength(rows.length + 2);
    for (const line of lines) {
      expect(line).not.toMatch(ACTS_ON_TERMINAL);
      expect(line.length).toBeLessThanOrEqual(MAX_TERMINAL_TEXT + 20);
    }
  });
});
