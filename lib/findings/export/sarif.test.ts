import Ajv from "ajv-draft-04";
import { describe, expect, it } from "vitest";
import schema from "@/lib/findings/export/sarif-2.1.0-rtm.5.schema.json";
import { findingsToSarif } from "@/lib/findings/export/sarif";
import { TEST_FINDINGS } from "@/lib/findings/export/test-findings";

const rules = [
  { id: "destructive-reach", description: "An agent can reach an action that destroys data." },
  { id: "over-scoped-credential", description: "A credential can destroy more than its purpose needs." },
  { id: "dormant-credential", description: "A credential unused for 90 days." },
];

function validate(log: unknown): string {
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false }) // the schema's language pattern is not valid with the u flag;
  const check = ajv.compile(schema);
  return check(log) ? "" : ajv.errorsText(check.errors);
}

describe("findingsToSarif", () => {
  it("writes a log the SARIF 2.1.0 schema accepts", () => {
    const log = findingsToSarif(TEST_FINDINGS, { rules, version: "0.1.0", baseUrl: "https://blastmap.example/" });
    expect(validate(log)).toBe("");
    expect(validate(findingsToSarif([], { rules, version: "0.1.0" }))).toBe("");
  });

  it("the schema refuses a broken log (the validation is real)", () => {
    const log = findingsToSarif(TEST_FINDINGS, { rules, version: "0.1.0" }) as unknown as { runs: { results: { level: string }[] }[] };
    log.runs[0].results[0].level = "catastrophic";
    expect(validate(log)).toMatch(/level/);
  });

  it("keeps each finding's status, id and subject where a dashboard reads them", () => {
    const log = findingsToSarif(TEST_FINDINGS, { rules, version: "0.1.0", baseUrl: "https://blastmap.example" });
    const [open, accepted, resolved] = log.runs[0].results ?? [];
    expect(open).toMatchObject({ ruleId: "destructive-reach", ruleIndex: 0, level: "error", kind: "fail", partialFingerprints: { "blastmapFinding/v1": "f1" } });
    expect(open.locations?.[0].logicalLocations?.[0]).toEqual({ name: "orders-db", fullyQualifiedName: "resource:pg:orders", kind: "resource" });
    expect(open.properties).toMatchObject({ url: "https://blastmap.example/findings/f1", paths: ["Cursor → DATABASE_URL (post…6543) → app → DROP on orders-db"] });
    expect(accepted.suppressions).toEqual([{ kind: "external", status: "accepted", justification: 'rotation planned, "next" sprint; accepted by admin; until 2027-01-01T23:59:59.000Z' }]);
    expect(resolved).toMatchObject({ kind: "pass", level: "none" });
  });
});
