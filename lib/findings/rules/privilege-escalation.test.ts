import { describe, expect, it } from "vitest";
import { rule } from "@/lib/findings/rules/privilege-escalation";
import { TestGraph } from "@/lib/findings/testing/test-graph";

describe("privilege-escalation", () => {
  it("hits an identity that can make itself admin, critical when the admin can destroy, naming the methods", () => {
    const g = new TestGraph();
    const { identity: dev } = g.chain(g.node("agent", "a"), "f", "c", "dev");
    const admin = g.node("identity", "admin");
    const ops = g.node("identity", "ops");
    g.edge("can_assume", dev, admin, { escalation: true, method: "iam:AttachUserPolicy" });
    g.edge("can_assume", dev, ops, { escalation: true, method: "iam:PassRole" });
    g.can(admin, g.node("resource", "db"), "rds:DeleteDBInstance", "D1");
    const found = g.run(rule);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ subject: { key: "dev" }, severity: "critical", agentKeys: ["a"] });
    expect(found[0].title).toBe("dev can escalate to admin, ops (iam:AttachUserPolicy, iam:PassRole)");
  });

  it("skips a method a permissions boundary caps", () => {
    const g = new TestGraph();
    g.edge("can_assume", g.node("identity", "capped"), g.node("identity", "admin"), { escalation: true, method: "iam:PutUserPolicy", cappedByBoundary: ["arn:boundary"] });
    expect(g.run(rule)).toEqual([]);
  });

  it("is high without destructive gain, and ignores ordinary can_assume and member_of", () => {
    const g = new TestGraph();
    const low = g.node("identity", "low");
    const mid = g.node("identity", "mid");
    g.edge("can_assume", low, mid, { escalation: true, method: "iam:CreateAccessKey" });
    g.edge("can_assume", g.node("identity", "ci"), g.node("identity", "deployer"));
    g.edge("member_of", g.node("identity", "user"), g.node("identity", "group"));
    expect(g.run(rule).map((f) => [f.subject.key, f.severity])).toEqual([["low", "high"]]);
  });
});

describe("privilege-escalation on the aws-iam collector's small account", () => {
  it("finds exactly the identities the collector judges able to escalate (a boundary-capped method is not one)", async () => {
    const { awsIamCollector } = await import("@/lib/collectors/aws-iam");
    const { silentContext } = await import("@/lib/collectors/types");
    const { analysisContextFromBatch } = await import("@/lib/findings/context");
    const path = await import("node:path");
    const batch = await awsIamCollector.collect(
      { file: path.join(process.cwd(), "lib/collectors/aws-iam/fixtures/small-account.json") },
      silentContext(Buffer.alloc(32, 2)),
    );
    const expected = batch.nodes.filter((n) => n.kind === "identity" && n.props?.canEscalate === true).map((n) => n.key).sort();
    const found = rule.evaluate(analysisContextFromBatch(batch));
    expect(expected.length).toBeGreaterThan(0);
    expect(found.map((f) => f.subject.key).sort()).toEqual(expected);
    const deployer = found.find((f) => f.subject.key.endsWith(":user/deployer"))!;
    expect(deployer.title).toBe("deployer can escalate to ops (sts:AssumeRole)");
    expect(deployer.severity).toBe("critical"); // ops may delete the RDS instance
  });
});
