import { describe, expect, it } from "vitest";
import { indexGraphBatch } from "@/lib/graph/reach/from-batch";
import { computeReach } from "@/lib/graph/reach/rows";
import { PHASE_IDENTITY } from "@/lib/graph/reach/scan";
import { incidentBatch } from "@/lib/graph/reach/fixtures/incident-graph";
import type { GraphBatch, GraphNode } from "@/lib/graph/types";

const ref = (n: GraphNode) => ({ kind: n.kind, key: n.key });

function reachByKey(batch: GraphBatch, startKey: string, phase: 0 | 1 = 0) {
  const { index, nodes } = indexGraphBatch(batch);
  const start = [...nodes.values()].find((n) => n.key === startKey)!;
  const keyOf = (id: number) => nodes.get(id)!.key;
  return computeReach(index, start.id, phase).rows.map((r) => ({
    action: r.action,
    class: r.class,
    resource: keyOf(r.resource),
    via: r.via === null ? null : keyOf(r.via),
    assumed: r.assumed,
    holds: r.holds,
    path: r.path.nodes.map(keyOf),
    edges: r.path.edges.map((e) => e.kind),
  }));
}

describe("computeReach", () => {
  it("finds the incident's chain: volumeDelete on the volume, its backup dying with it, and DROP through .env", () => {
    const batch = incidentBatch();
    const rows = reachByKey(batch, "agent:laptop:cursor:/home/dev/app");
    const volumeDelete = rows.find((r) => r.action === "volumeDelete" && r.via === null)!;
    expect(volumeDelete).toMatchObject({ class: "D1", resource: "railway:volume:vol-prod", assumed: true, holds: 1 });
    expect(volumeDelete.edges).toEqual(["can_read", "contains", "contains", "contains", "authenticates_as", "can"]);
    const backupDies = rows.find((r) => r.resource === "railway:backup:bk-1")!;
    expect(backupDies).toMatchObject({ action: "volumeDelete", class: "D1", via: "railway:volume:vol-prod" });
    expect(backupDies.edges.at(-1)).toBe("stored_in");
    expect(backupDies.path.at(-1)).toBe("railway:backup:bk-1");
    const drop = rows.find((r) => r.action === "DROP")!;
    expect(drop).toMatchObject({ class: "D1", resource: "postgres:db.internal:5432/shop", assumed: false });
    expect(drop.path).toContain("file:laptop:/home/dev/app/.env");
    expect(rows).toHaveLength(4); // + customDomainCreate (W)
  });

  it("ignores assumed edges of a kind once a real one is known", () => {
    const id = { kind: "identity", key: "i", name: "i" } as const;
    const res = { kind: "resource", key: "r", name: "r" } as const;
    const rows = reachByKey(
      {
        collector: "t",
        nodes: [id, res],
        edges: [
          { kind: "can", src: ref(id), dst: ref(res), props: { action: "delete", class: "D1", assumed: true } },
          { kind: "can", src: ref(id), dst: ref(res), props: { action: "read", class: "R" } },
        ],
      },
      "i",
      PHASE_IDENTITY,
    );
    expect(rows.map((r) => r.action)).toEqual(["read"]);
  });

  it("follows member_of / can_assume chains, survives cycles and stops at the depth bound", () => {
    const ids = Array.from({ length: 30 }, (_, i) => ({ kind: "identity" as const, key: `i${i}`, name: `i${i}` }));
    const res = { kind: "resource", key: "r", name: "r" } as const;
    const edges = ids.slice(1).map((n, i) => ({ kind: "member_of" as const, src: ref(ids[i]), dst: ref(n) }));
    edges.push({ kind: "member_of", src: ref(ids[3]), dst: ref(ids[0]) }); // cycle
    const batch: GraphBatch = {
      collector: "t",
      nodes: [...ids, res],
      edges: [
        ...edges,
        { kind: "can", src: ref(ids[5]), dst: ref(res), props: { action: "near", class: "D1" } },
        { kind: "can", src: ref(ids[29]), dst: ref(res), props: { action: "far", class: "D1" } },
      ],
    };
    const rows = reachByKey(batch, "i0", PHASE_IDENTITY);
    expect(rows.map((r) => r.action)).toEqual(["near"]);
    expect(rows[0].path).toEqual(["i0", "i1", "i2", "i3", "i4", "i5", "r"]);
  });

  it("keeps one row per action and resource, by the shortest path", () => {
    const a = { kind: "agent", key: "a", name: "a" } as const;
    const c = { kind: "credential", key: "c", name: "c" } as const;
    const i1 = { kind: "identity", key: "i1", name: "i1" } as const;
    const i2 = { kind: "identity", key: "i2", name: "i2" } as const;
    const r = { kind: "resource", key: "r", name: "r" } as const;
    const rows = reachByKey(
      {
        collector: "t",
        nodes: [a, c, i1, i2, r],
        edges: [
          { kind: "configured_with", src: ref(a), dst: ref(c) },
          { kind: "authenticates_as", src: ref(c), dst: ref(i1) },
          { kind: "can_assume", src: ref(i1), dst: ref(i2) },
          { kind: "can", src: ref(i2), dst: ref(r), props: { action: "drop", class: "D1" } },
          { kind: "can", src: ref(i1), dst: ref(r), props: { action: "drop", class: "D1" } },
        ],
      },
      "a",
    );
    expect(rows).toHaveLength(1);
    expect(rows[0].path).toEqual(["a", "c", "i1", "r"]);
  });
});
