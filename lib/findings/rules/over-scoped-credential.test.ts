import { describe, expect, it } from "vitest";
import { analysisContextFromBatch } from "@/lib/findings/context";
import { purposeWords, rule } from "@/lib/findings/rules/over-scoped-credential";
import { TestGraph } from "@/lib/findings/testing/test-graph";
import { incidentBatch } from "@/lib/graph/reach/fixtures/incident-graph";

describe("over-scoped-credential", () => {
  it("hits the custom-domains token that can delete the volume and its backups: critical", () => {
    const found = rule.evaluate(analysisContextFromBatch(incidentBatch()));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ severity: "critical", subject: { name: "Railway account token" } });
    expect(found[0].title).toContain('issued for "custom domains"');
    expect(found[0].evidence.paths[0]).toMatchObject({ action: "volumeDelete", resource: "prod-db volume" });
    expect(found[0].agentKeys).toEqual(["agent:laptop:cursor:/home/dev/app"]);
  });

  it("does not hit a credential whose destructive actions match its purpose, or one without a purpose", () => {
    const g = new TestGraph();
    const a = g.node("agent", "a");
    const { identity } = g.chain(a, "f", "c", "i", { purpose: "backup cleanup" });
    g.can(identity, g.node("resource", "nightly backups", { type: "backup" }), "deleteBackup", "D2");
    const { identity: i2 } = g.chain(a, "f2", "c2", "i2");
    g.can(i2, g.node("resource", "db"), "drop", "D1");
    expect(g.run(rule)).toEqual([]);
  });

  it("scores D2 outside the purpose high and D3 medium", () => {
    const g = new TestGraph();
    const { identity } = g.chain(g.node("agent", "a"), "f", "c", "i", { purpose: "read metrics" });
    g.can(identity, g.node("resource", "snapshots"), "deleteSnapshot", "D2");
    const { identity: i2 } = g.chain(g.node("agent", "b"), "f2", "c2", "i2", { purpose: "deploy previews" });
    g.can(i2, g.node("resource", "cluster"), "deleteNodePool", "D3");
    expect(g.run(rule).map((f) => [f.subject.key, f.severity])).toEqual([["c", "high"], ["c2", "medium"]]);
  });

  it("reads purpose words without filler", () => {
    expect(purposeWords("Custom domains for the API")).toEqual(["custom", "domain"]);
  });
});
