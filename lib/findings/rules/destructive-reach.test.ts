import { describe, expect, it } from "vitest";
import { analysisContextFromBatch } from "@/lib/findings/context";
import { rule } from "@/lib/findings/rules/destructive-reach";
import { TestGraph } from "@/lib/findings/testing/test-graph";
import { incidentBatch } from "@/lib/graph/reach/fixtures/incident-graph";
import { countReach } from "@/lib/graph/reach/counts";
import { indexGraphBatch } from "@/lib/graph/reach/from-batch";
import { PHASE_ACCESS } from "@/lib/graph/reach/scan";

describe("destructive-reach", () => {
  it("hits the incident's agent, critical, with the volumeDelete path first", () => {
    const [finding] = rule.evaluate(analysisContextFromBatch(incidentBatch()));
    expect(finding).toMatchObject({ rule: "destructive-reach", severity: "critical", subject: { name: "Cursor" } });
    expect(finding.evidence.paths[0]).toMatchObject({ action: "volumeDelete", class: "D1", resource: "prod-db volume", assumed: true });
    expect(finding.evidence.paths[0].nodes.map((n) => n.kind)).toEqual(["agent", "workspace", "workspace", "file", "credential", "identity", "resource"]);
    // Counted by the counting rule, as the pages count: the backup dies with the volume, so it is a D1
    // action and a resource at risk of its own.
    expect(finding.evidence.facts).toEqual({ d1Actions: 3, d2Actions: 0, d1Resources: 3, d2Resources: 0, resourcesAtRisk: 3 });
    expect(finding.title).toBe("Cursor can destroy 3 resources or copies (3 D1/D2 actions)");
    const { index, nodes } = indexGraphBatch(incidentBatch());
    const agent = [...nodes.values()].find((n) => n.kind === "agent")!;
    const counts = countReach(index, agent.id, PHASE_ACCESS);
    expect([counts.actions.D1, counts.resources.D1, counts.atRisk]).toEqual([3, 3, 3]);
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
