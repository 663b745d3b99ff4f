import { describe, expect, it } from "vitest";
import { analysisContextFromBatch } from "@/lib/findings/context";
import { rule } from "@/lib/findings/rules/ineffective-deny";
import { TestGraph } from "@/lib/findings/testing/test-graph";
import { incidentBatch } from "@/lib/graph/reach/fixtures/incident-graph";

describe("ineffective-deny", () => {
  it("hits an agent whose deny on .env its shell undoes, high when it reads credentials", () => {
    const [finding] = rule.evaluate(analysisContextFromBatch(incidentBatch()));
    expect(finding).toMatchObject({ severity: "high", subject: { name: "Cursor" } });
    expect(finding.evidence.facts).toMatchObject({ ineffectiveDenies: [".env"], credentialsReadable: 2 });
  });

  it("is medium without credentials, and does not hit agents with no ineffective denies", () => {
    const g = new TestGraph();
    g.node("agent", "denied", { ineffectiveDenies: ["secrets/**"] });
    g.node("agent", "fine", { ineffectiveDenies: [] });
    g.node("agent", "unknown");
    expect(g.run(rule).map((f) => [f.subject.key, f.severity])).toEqual([["denied", "medium"]]);
  });
});
