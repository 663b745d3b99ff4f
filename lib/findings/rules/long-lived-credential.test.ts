import { describe, expect, it } from "vitest";
import { rule } from "@/lib/findings/rules/long-lived-credential";
import { TestGraph } from "@/lib/findings/testing/test-graph";

const now = new Date("2026-11-24T00:00:00Z");

describe("long-lived-credential", () => {
  it("hits a credential that never expires and one valid for a year", () => {
    const g = new TestGraph();
    g.node("credential", "forever", { expiresAt: null });
    g.node("credential", "year", { createdAt: "2026-01-01T00:00:00Z", expiresAt: "2027-01-01T00:00:00Z" });
    const found = g.run(rule, now);
    expect(found.map((f) => [f.subject.key, f.severity, f.title])).toEqual([
      ["forever", "medium", "forever never expires"],
      ["year", "low", "year is valid for 365 days"],
    ]);
  });

  it("is high when the credential can destroy", () => {
    const g = new TestGraph();
    const { identity } = g.chain(g.node("agent", "a"), "f", "c", "i", { expiresAt: null });
    g.can(identity, g.node("resource", "vol"), "volumeDelete", "D1");
    expect(g.run(rule, now).map((f) => f.severity)).toEqual(["high"]);
  });

  it("does not hit short-lived credentials or ones whose expiry is unknown", () => {
    const g = new TestGraph();
    g.node("credential", "short", { createdAt: "2026-11-01T00:00:00Z", expiresAt: "2026-12-01T00:00:00Z" });
    g.node("credential", "unknown", { createdAt: "2020-01-01T00:00:00Z" });
    expect(g.run(rule, now)).toEqual([]);
  });
});
