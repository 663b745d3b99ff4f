import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import { CSV_COLUMNS, findingsToCsv } from "@/lib/findings/export/csv";
import { TEST_FINDINGS } from "@/lib/findings/export/test-findings";

describe("findingsToCsv", () => {
  it("writes one row per finding under a header, quoting what needs it", () => {
    const parsed = Papa.parse<Record<string, string>>(findingsToCsv(TEST_FINDINGS), { header: true, skipEmptyLines: true });
    expect(parsed.errors).toEqual([]);
    expect(parsed.meta.fields).toEqual([...CSV_COLUMNS]);
    expect(parsed.data.map((r) => [r.id, r.status, r.severity])).toEqual([
      ["f1", "open", "critical"],
      ["f2", "accepted", "high"],
      ["f3", "resolved", "low"],
    ]);
    expect(parsed.data[1].accepted_reason).toBe('rotation planned, "next" sprint');
    expect(parsed.data[0].summary).toBe("Cursor can DROP orders-db.");
  });

  it("keeps a collected name that looks like a formula as text", () => {
    const parsed = Papa.parse<Record<string, string>>(findingsToCsv(TEST_FINDINGS), { header: true, skipEmptyLines: true });
    expect(parsed.data[1].subject_name).toBe("'=HYPERLINK(\"http://attacker.example\",\"x\")");
  });
});
