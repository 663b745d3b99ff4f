import { describe, expect, it } from "vitest";
import { isWithin, rule } from "@/lib/findings/rules/credential-outside-task";
import { TestGraph } from "@/lib/findings/testing/test-graph";
import { analysisContextFromBatch } from "@/lib/findings/context";
import { incidentBatch } from "@/lib/graph/reach/fixtures/incident-graph";

describe("credential-outside-task", () => {
  it("hits a home-folder credential an agent scoped to one project can read, per agent", () => {
    const g = new TestGraph();
    const a = g.node("agent", "a", { workspaceRoot: "/home/dev/app" });
    const b = g.node("agent", "b", { workspaceRoot: "/home/dev/other" });
    const { file, identity } = g.chain(a, "aws-credentials", "aws-key", "iam-user", { locations: [{ file: "/home/dev/.aws/credentials", line: 2 }] });
    g.edge("can_read", b, file);
    g.can(identity, g.node("resource", "bucket"), "s3:DeleteBucket", "D1");
    const found = g.run(rule);
    expect(found.map((f) => [f.subject.key, f.scope, f.severity])).toEqual([
      ["aws-key", "a", "high"],
      ["aws-key", "b", "high"],
    ]);
    expect(found[0].evidence.paths[0].nodes.map((n) => n.key)).toEqual(["a", "aws-credentials", "aws-key"]);
  });

  it("does not hit credentials inside the workspace, without known locations, or agents without a root", () => {
    expect(rule.evaluate(analysisContextFromBatch(incidentBatch()))).toEqual([]);
    const g = new TestGraph();
    const a = g.node("agent", "a", { workspaceRoot: "/w" });
    g.chain(a, "f1", "c1", "i1", { locations: [{ file: "/w/.env", line: 1 }, { file: "/home/x/.env", line: 1 }] });
    g.chain(a, "f2", "c2", "i2");
    g.chain(g.node("agent", "rootless"), "f3", "c3", "i3", { locations: [{ file: "/etc/secret", line: 1 }] });
    expect(g.run(rule)).toEqual([]);
  });

  it("compares paths on directory boundaries", () => {
    expect(isWithin("/w/app/.env", "/w/app")).toBe(true);
    expect(isWithin("/w/app2/.env", "/w/app")).toBe(false);
    expect(isWithin("/w/app/x", "/w/app/")).toBe(true);
  });
});
