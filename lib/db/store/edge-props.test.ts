import { describe, expect, it } from "vitest";
import { restoreEdgeProps, storedEdgeProps } from "@/lib/db/store/edge-props";
import { packEdgeFlags } from "@/lib/graph/reach/from-batch";

describe("edge props as stored", () => {
  it("leaves a grant's action and class to their columns and puts them back when read", () => {
    const props = { action: "volumeDelete", class: "D1", assumed: true, note: "from the catalogue" };
    const stored = storedEdgeProps("can", props);
    expect(JSON.parse(stored)).toEqual({ assumed: true, note: "from the catalogue" });
    expect(restoreEdgeProps("can", { action: "volumeDelete", flags: packEdgeFlags(props), props: JSON.parse(stored) })).toEqual(props);
    expect(storedEdgeProps("can", { action: "s3:GetObject", class: "R" })).toBe("{}");
  });

  it("keeps every other edge's props whole", () => {
    const props = { action: "not a key here", escalation: true };
    expect(JSON.parse(storedEdgeProps("can_assume", props))).toEqual(props);
    expect(restoreEdgeProps("can_assume", { action: "", flags: 32, props })).toEqual(props);
  });
});
