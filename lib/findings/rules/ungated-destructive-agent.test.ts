import { describe, expect, it } from "vitest";
import { analysisContextFromBatch } from "@/lib/findings/context";
import { isUngated, rule } from "@/lib/findings/rules/ungated-destructive-agent";
import { TestGraph } from "@/lib/findings/testing/test-graph";
import { incidentBatch } from "@/lib/graph/reach/fixtures/incident-graph";

describe("ungated-destructive-agent", () => {
  it("hits the incident's Cursor in bypass mode, critical", () => {
    const found = rule.evaluate(analysisContextFromBatch(incidentBatch()));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ severity: "critical", subject: { name: "Cursor" } });
    expect(found[0].evidence.facts).toMatchObject({ approvalMode: "bypass" });
  });

  it("hits never/auto modes reaching D2 as high; not ask mode, and not an ungated agent without destructive reach", () => {
    const g = new TestGraph();
    const auto = g.node("agent", "auto", { approvalMode: "auto" });
    const ask = g.node("agent", "ask", { approvalMode: "ask" });
    const harmless = g.node("agent", "harmless", { approvalMode: "never" });
    const { identity } = g.chain(auto, "f1", "c1", "i1");
    g.edge("can_read", ask, { kind: "file", key: "f1" });
    g.can(identity, g.node("resource", "backups"), "deleteBackup", "D2");
    const { identity: i2 } = g.chain(harmless, "f2", "c2", "i2");
    g.can(i2, g.node("resource", "logs"), "read", "R");
    expect(g.run(rule).map((f) => [f.subject.key, f.severity])).toEqual([["auto", "high"]]);
  });

  it("does not fire once the agent's shell and MCP calls go through the Blastmap guard; a shell-only or third-party hook is not enough", () => {
    const hook = (enforcer: string, matcher: string) => ({ event: "PreToolUse", matcher, enforcer, commandPreview: "hook", file: "/p/.claude/settings.json" });
    const g = new TestGraph();
    const guarded = g.node("agent", "guarded", { approvalMode: "bypass", preCallHooks: [hook("blastmap-guard", "Bash|mcp__.*")] });
    const shellOnly = g.node("agent", "shell-only", { approvalMode: "bypass", preCallHooks: [hook("blastmap-guard", "Bash")] });
    const other = g.node("agent", "other", { approvalMode: "bypass", preCallHooks: [hook("third-party", "*")] });
    for (const [agent, n] of [[guarded, 1], [shellOnly, 2], [other, 3]] as const) {
      const { identity } = g.chain(agent, `f${n}`, `c${n}`, `i${n}`);
      g.can(identity, g.node("resource", `volume${n}`), "volumeDelete", "D1");
    }
    expect(g.run(rule).map((f) => f.subject.key).sort()).toEqual(["other", "shell-only"]);
  });

  it("knows which modes are ungated", () => {
    expect(["bypass", "never", "auto", "BYPASS"].map(isUngated)).toEqual([true, true, true, true]);
    expect(["ask", "default", undefined, 3].map(isUngated)).toEqual([false, false, false, false]);
  });
});
