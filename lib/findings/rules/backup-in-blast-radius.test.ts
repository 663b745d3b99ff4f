import { describe, expect, it } from "vitest";
import { analysisContextFromBatch } from "@/lib/findings/context";
import { rule } from "@/lib/findings/rules/backup-in-blast-radius";
import { TestGraph } from "@/lib/findings/testing/test-graph";
import { incidentBatch } from "@/lib/graph/reach/fixtures/incident-graph";

describe("backup-in-blast-radius", () => {
  it("hits the incident's volume, whose backup is stored inside it and which the agent can delete: critical", () => {
    const found = rule.evaluate(analysisContextFromBatch(incidentBatch()));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ severity: "critical", subject: { name: "prod-db volume" } });
    expect(found[0].evidence.facts).toMatchObject({ dyingWithPrimary: ["prod-db volume backup"], credentialsDestroyingAll: ["Railway account token"] });
    expect(found[0].evidence.paths.map((p) => p.resource)).toContain("prod-db volume");
  });

  it("hits one credential that deletes a database and its separate snapshot too", () => {
    const g = new TestGraph();
    const { identity } = g.chain(g.node("agent", "a"), "f", "c", "i");
    const db = g.node("resource", "db");
    const snap = g.node("recovery_copy", "snap");
    g.edge("recovered_by", db, snap);
    g.can(identity, db, "DeleteDBInstance", "D1").can(identity, snap, "DeleteDBSnapshot", "D2");
    const found = g.run(rule);
    expect(found.map((f) => [f.subject.key, f.severity])).toEqual([["db", "critical"]]);
  });

  it("does not hit a copy outside the primary that no single readable credential can delete with it", () => {
    const g = new TestGraph();
    const { identity } = g.chain(g.node("agent", "a"), "f", "c", "i");
    const db = g.node("resource", "db");
    const snap = g.node("recovery_copy", "snap");
    g.edge("recovered_by", db, snap);
    g.can(identity, db, "DeleteDBInstance", "D1");
    const { identity: other } = g.chain(g.node("agent", "b"), "f2", "c2", "i2");
    g.can(other, snap, "DeleteDBSnapshot", "D2");
    expect(g.run(rule)).toEqual([]);
  });
});
