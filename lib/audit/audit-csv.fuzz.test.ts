/**
 * Fuzz: an exported CSV cell, whatever text it holds (hostile names included), never starts a formula
 * when a spreadsheet opens it, and quoting keeps it one cell. Add each new CSV exporter's cell function
 * to CELL_FORMATTERS (findings CSV when it lands).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { HOSTILE_STRINGS } from "@/lib/graph/testing/hostile-batch";
import { fuzzOptions } from "@/lib/testing/fuzz";
import { csvCell } from "./audit-csv";

const CELL_FORMATTERS: Record<string, (value: string) => string> = { "audit csvCell": csvCell };

/** The value a spreadsheet reads from one formatted cell (RFC 4180 unquoting). */
function unquote(cell: string): string {
  return cell.startsWith('"') ? cell.slice(1, -1).replaceAll('""', '"') : cell;
}

describe("CSV export cells, fuzzed", () => {
  for (const [name, format] of Object.entries(CELL_FORMATTERS)) {
    it(`${name}: no cell starts a formula, and each stays one cell`, () => {
      const text = fc.oneof(fc.constantFrom(...Object.values(HOSTILE_STRINGS).map((s) => s.slice(0, 2_000))), fc.string(), fc.string({ unit: "binary" }), fc.constantFrom("=", "+", "-", "@", "\t", "\r").chain((c) => fc.string().map((s) => c + s)));
      fc.assert(
        fc.property(text, (value) => {
          const cell = format(value);
          expect(unquote(cell)).not.toMatch(/^[=+\-@\t\r]/);
          // Unquoted cells hold no separator or line break; quoted ones escape every quote.
          if (!cell.startsWith('"')) expect(cell).not.toMatch(/[",\r\n]/);
          else expect(cell.slice(1, -1).replaceAll('""', "")).not.toContain('"');
        }),
        fuzzOptions,
      );
    });
  }
});
