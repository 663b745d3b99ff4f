import { describe, expect, it } from "vitest";
import type { ReachNode, ReachRow } from "@/lib/db/queries/reach";
import { groupReach, groupReachOnce } from "./reach-groups";

const node = (id: number, kind: ReachNode["kind"], name: string): ReachNode => ({ id, kind, key: `k${id}`, name });
const agent = node(1, "agent", "claude");
const identity = node(2, "identity", "deployer");

/** One D1 row on resource `id`, in reach order (the rows come ranked). */
function row(id: number): ReachRow {
  const resource = node(id, "resource", `bucket-${id}`);
  return {
    action: "s3:DeleteBucket",
    class: "D1",
    resource,
    assumed: false,
    conditional: false,
    holds: 0,
    via: null,
    viaResource: null,
    path: {
      nodes: [agent, identity, resource],
      edges: [
        { kind: "authenticates_as", src: 1, dst: 2 },
        { kind: "can", src: 2, dst: id, action: "s3:DeleteBucket" },
      ],
    },
  };
}

const rows = Array.from({ length: 25 }, (_, i) => row(100 + i));

describe("groupReach pages of a class", () => {
  it("lists the first page and counts every resource left", () => {
    const [d1] = groupReach(rows, { maxResourcesPerClass: 10, resourceCounts: { D1: 1234 } });
    expect(d1.resources.map((r) => r.resource.name)).toEqual(rows.slice(0, 10).map((r) => r.resource.name));
    expect(d1.hidden).toBe(1224);
  });

  it("lists a later page after skipping the earlier ones, with the exact count still to come", () => {
    const [d1] = groupReach(rows, { maxResourcesPerClass: 10, skipResources: 20, resourceCounts: { D1: 25 } });
    expect(d1.resources.map((r) => r.resource.name)).toEqual(["bucket-120", "bucket-121", "bucket-122", "bucket-123", "bucket-124"]);
    expect(d1.hidden).toBe(0);
  });

  it("lays the same rows out once", () => {
    const options = { maxResourcesPerClass: 10, resourceCounts: { D1: 25 } };
    expect(groupReachOnce(rows, options)).toBe(groupReachOnce(rows, { ...options }));
  });
});
