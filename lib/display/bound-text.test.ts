import { describe, expect, it } from "vitest";
import { boundText } from "@/lib/display/bound-text";

describe("boundText", () => {
  it("keeps short text and cuts long text to the bound, marked", () => {
    expect(boundText("orders-db")).toBe("orders-db");
    const cut = boundText("x".repeat(5000));
    expect(cut).toHaveLength(160);
    expect(cut.endsWith("…")).toBe(true);
  });
});
