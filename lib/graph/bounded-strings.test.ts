import { describe, expect, it } from "vitest";
import { boundStrings } from "@/lib/graph/bounded-strings";

describe("boundStrings", () => {
  it("cuts every long string, however deep, and says how much was left out", () => {
    const arg = "A".repeat(300_000);
    const bounded = boundStrings({ name: "mcp", props: { args: ["-y", arg], env: { [arg]: 1 } }, degree: { in: 1, out: 2 } }, 100);
    expect(bounded.props.args[1]).toBe(`${"A".repeat(100)}… (299,900 more characters)`);
    expect(Object.keys(bounded.props.env)[0]).toHaveLength(100 + "… (299,900 more characters)".length);
    expect(bounded.degree).toEqual({ in: 1, out: 2 });
    expect(bounded.name).toBe("mcp");
  });
});
