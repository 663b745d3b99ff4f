import { describe, expect, it } from "vitest";
import { rule } from "@/lib/findings/rules/shared-credential";
import { TestGraph } from "@/lib/findings/testing/test-graph";

describe("shared-credential", () => {
  it("hits a credential found in two files, and one reachable by two agents", () => {
    const g = new TestGraph();
    const a = g.node("agent", "a");
    const b = g.node("agent", "b");
    g.chain(a, "f1", "two-files", "i1", { locations: [{ file: "/w/.env", line: 1 }, { file: "/w/deploy.sh", line: 4 }] });
    const { file, identity } = g.chain(a, "f2", "two-agents", "i2");
    g.edge("can_read", b, file);
    g.can(identity, g.node("resource", "db"), "drop", "D1");
    const found = g.run(rule);
    expect(found.map((f) => [f.subject.key, f.severity, f.agentKeys])).toEqual([
      ["two-agents", "high", ["a", "b"]],
      ["two-files", "medium", ["a"]],
    ]);
    expect(found[1].evidence.facts).toMatchObject({ files: ["/w/.env", "/w/deploy.sh"] });
  });

  it("does not hit a credential in one place read by one agent, even found twice on the same file", () => {
    const g = new TestGraph();
    g.chain(g.node("agent", "a"), "f", "c", "i", { locations: [{ file: "/w/.env", line: 1 }, { file: "/w/.env", line: 9 }] });
    expect(g.run(rule)).toEqual([]);
  });
});
