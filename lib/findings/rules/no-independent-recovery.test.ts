import { describe, expect, it } from "vitest";
import { analysisContextFromBatch } from "@/lib/findings/context";
import { rule } from "@/lib/findings/rules/no-independent-recovery";
import { TestGraph } from "@/lib/findings/testing/test-graph";
import { incidentBatch } from "@/lib/graph/reach/fixtures/incident-graph";

describe("no-independent-recovery", () => {
  it("hits the incident's volume (backup inside it) and database (no copy at all)", () => {
    const found = rule.evaluate(analysisContextFromBatch(incidentBatch()));
    expect(found.map((f) => [f.subject.name, f.severity, f.title])).toEqual([
      ["shop database", "high", "shop database has no recovery copy"],
      ["prod-db volume", "high", "prod-db volume has no recovery copy independent of it"],
    ]);
  });

  it("hits a same-vendor, same-account snapshot; medium when no agent can destroy the store", () => {
    const g = new TestGraph();
    const db = g.node("resource", "db", { provider: "aws", account: "111" });
    const snap = g.node("recovery_copy", "snap", { provider: "aws", account: "111" });
    g.edge("recovered_by", db, snap);
    expect(g.run(rule).map((f) => [f.subject.key, f.severity])).toEqual([["db", "medium"]]);
  });

  it("does not hit a store with a copy in another account that no shared credential can delete", () => {
    const g = new TestGraph();
    const { identity } = g.chain(g.node("agent", "a"), "f", "c", "i");
    const db = g.node("resource", "db", { provider: "aws", account: "111" });
    const vault = g.node("recovery_copy", "vault-copy", { provider: "aws", account: "999" });
    g.edge("recovered_by", db, vault);
    g.can(identity, db, "DeleteDBInstance", "D1");
    expect(g.run(rule)).toEqual([]);
  });

  it("hits a cross-account copy that the same credential can delete", () => {
    const g = new TestGraph();
    const { identity } = g.chain(g.node("agent", "a"), "f", "c", "i");
    const db = g.node("resource", "db", { provider: "aws", account: "111" });
    const vault = g.node("recovery_copy", "vault-copy", { provider: "aws", account: "999" });
    g.edge("recovered_by", db, vault);
    g.can(identity, db, "DeleteDBInstance", "D1").can(identity, vault, "DeleteRecoveryPoint", "D2");
    expect(g.run(rule).map((f) => f.subject.key)).toEqual(["db"]);
  });
});
