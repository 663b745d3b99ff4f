import { describe, expect, it } from "vitest";
import { analysisContextFromBatch } from "@/lib/findings/context";
import { rule } from "@/lib/findings/rules/destructive-reach";
import { TestGraph } from "@/lib/findings/testing/test-graph";
import { incidentBatch } from "@/lib/graph/reach/fixtures/incident-graph";

describe("destructive-reach", () => {
  it("hits the incident's agent, critical, with the volumeDelete path first", () => {
    const [finding] = rule.evaluate(analysisContextFromBatch(incidentBatch()));
    expect(finding).toMatchObject({ rule: "destructive-reach", severity: "critical", subject: { name: "Cursor" } });
    expect(finding.evidence.paths[0]).toMatchObject({ action: "volumeDelete", class: "D1", resource: "prod-db volume", assumed: true });
    expect(finding.evidence.paths[0].nodes.map((n) => n.kind)).toEqual(["agent", "workspace", "workspace", "file", "credential", "identity", "resource"]);
    expect(finding.evidence.facts).toMatchObject({ d1Resources: 2, d2Resources: 0, destroyable: 3, destructiveActions: 2 });
  });

  it("is medium for D2 only and high for D1 on something that holds nothing", () => {
    const g = new TestGraph();
    const a = g.node("agent", "a");
    const b = g.node("agent", "b");
    const { identity: ia } = g.chain(a, "fa", "ca", "ia");
    const { identity: ib } = g.chain(b, "fb", "cb", "ib");
    g.can(ia, g.node("resource", "snapshots"), "deleteSnapshot", "D2");
    g.can(ib, g.node("resource", "db"), "drop", "D1");
    const found = g.run(rule);
    expect(found.map((f) => [f.subject.key, f.severity])).toEqual([["a", "medium"], ["b", "high"]]);
  });

  it("does not hit agents that only write, read or reach nothing", () => {
    const g = new TestGraph();
    const a = g.node("agent", "a");
    const { identity } = g.chain(a, "f", "c", "i");
    g.can(identity, g.node("resource", "r"), "write", "W").can(identity, g.node("resource", "r2"), "scale", "D3");
    g.node("agent", "idle");
    expect(g.run(rule)).toEqual([]);
  });
});
