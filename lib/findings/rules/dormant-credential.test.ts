import { describe, expect, it } from "vitest";
import { rule } from "@/lib/findings/rules/dormant-credential";
import { TestGraph } from "@/lib/findings/testing/test-graph";

const now = new Date("2026-11-24T00:00:00Z");

describe("dormant-credential", () => {
  it("hits credentials unused for 90+ days or never used since an old creation, high when destructive", () => {
    const g = new TestGraph();
    const a = g.node("agent", "a");
    const { identity } = g.chain(a, "f1", "old", "i1", { lastUsedAt: "2026-03-01T00:00:00Z" });
    g.can(identity, g.node("resource", "db"), "drop", "D1");
    g.node("credential", "never", { lastUsedAt: null, createdAt: "2025-01-01T00:00:00Z" });
    const found = g.run(rule, now);
    expect(found.map((f) => [f.subject.key, f.severity])).toEqual([["never", "low"], ["old", "high"]]);
    expect(found[1].title).toContain("268 days");
  });

  it("does not hit recently used credentials or ones whose last use is unknown", () => {
    const g = new TestGraph();
    g.node("credential", "recent", { lastUsedAt: "2026-11-01T00:00:00Z" });
    g.node("credential", "unknown", { createdAt: "2020-01-01T00:00:00Z" });
    g.node("credential", "garbage", { lastUsedAt: "not a date" });
    expect(g.run(rule, now)).toEqual([]);
  });
});
