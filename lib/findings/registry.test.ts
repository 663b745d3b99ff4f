import { describe, expect, it } from "vitest";
import { analysisContextFromBatch } from "@/lib/findings/context";
import { FINDING_RULES } from "@/lib/findings/registry";
import { evaluateRules } from "@/lib/findings/run-analysis";
import { RULE_IDS } from "@/lib/findings/types";
import { incidentBatch } from "@/lib/graph/reach/fixtures/incident-graph";

describe("finding rule registry", () => {
  it("lists every rule id exactly once", () => {
    expect(FINDING_RULES.map((r) => r.id).sort()).toEqual([...RULE_IDS].sort());
  });

  it("finds the incident: the agent's reach, the ungated agent, the over-scoped token and the backups inside the volume", () => {
    const found = evaluateRules(analysisContextFromBatch(incidentBatch()));
    expect(found.map((f) => `${f.rule} ${f.severity} ${f.subject.name}`)).toEqual([
      "destructive-reach critical Cursor",
      "ungated-destructive-agent critical Cursor",
      "backup-in-blast-radius critical prod-db volume",
      "no-independent-recovery high shop database",
      "no-independent-recovery high prod-db volume",
      "over-scoped-credential critical Railway account token",
      "ineffective-deny high Cursor",
    ]);
    // No secret value anywhere in the evidence: only fingerprints' keys and previews.
    expect(JSON.stringify(found)).not.toMatch(/password|secret=/i);
  });
});
