import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { analysisContextFromBatch } from "@/lib/findings/context";
import { countReach } from "@/lib/graph/reach/counts";
import { randomEstate as randomBatch } from "@/lib/graph/reach/testing/random-estate";
import type { AnalysisContext } from "@/lib/findings/context";
import { DestructionSummaries, sortedHas } from "@/lib/graph/reach/destruction";
import { searchFrom } from "@/lib/graph/reach/search-tree";
import { TestGraph } from "@/lib/findings/testing/test-graph";
import { DESTRUCTIVE_CLASSES, type ActionClass } from "@/lib/graph/types";

const ACTIONS: [string, ActionClass][] = [
  ["deleteDatabase", "D1"],
  ["deleteVolume", "D1"],
  ["deleteBackup", "D2"],
  ["shortenRetention", "D2"],
  ["deleteService", "D3"],
  ["grantRole", "D4"],
  ["write", "W"],
  ["read", "R"],
];

/**
 * A random estate small enough to check by hand-rolled brute force: agents reading credentials of users
 * in roles (with assume chains), roles with `can` edges on resources, some containing others, several
 * resources sharing a name (ties broken by reach order), and recovery copies. `mixedClasses` gives one
 * (action, resource) pair different classes on different edges.
 */
function randomEstate(seed: number, mixedClasses = false): AnalysisContext {
  let state = seed;
  const random = () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
  const pick = (n: number) => Math.floor(random() * n);
  const g = new TestGraph();
  const resources = Array.from({ length: 40 }, (_, i) => g.node("resource", `r${i}`, { type: i % 3 === 0 ? "database" : "service" }, `res-${i % 13}`));
  for (let i = 0; i + 2 < resources.length; i += 7) g.edge("contains", resources[i], resources[i + 1]).edge("contains", resources[i], resources[i + 2]);
  for (let i = 0; i < resources.length; i += 5) {
    const copy = g.node("recovery_copy", `copy${i}`);
    g.edge("recovered_by", resources[i], copy);
    if (i % 10 === 0) g.edge("stored_in", copy, resources[i]);
  }
  const roles = Array.from({ length: 8 }, (_, i) => g.node("identity", `role${i}`));
  for (const role of roles) {
    for (let j = 0; j < 25; j++) {
      const [action, cls] = ACTIONS[pick(ACTIONS.length)];
      g.can(role, resources[pick(resources.length)], action, cls);
    }
  }
  if (mixedClasses) g.can(roles[1], resources[3], "deleteService", "D1").can(roles[2], resources[3], "deleteService", "D3");
  for (let i = 0; i + 1 < roles.length; i += 3) g.edge("can_assume", roles[i], roles[i + 1]);
  for (let a = 0; a < 6; a++) {
    const agent = g.node("agent", `agent${a}`);
    for (let c = 0; c < 3; c++) {
      const { identity } = g.chain(agent, `f${a}-${c}`, `cred${a}-${c}`, `user${a}-${c}`, { purpose: c === 0 ? "service" : "database" });
      for (let m = 0; m < 1 + pick(2); m++) g.edge("member_of", identity, roles[pick(roles.length)]);
    }
  }
  return g.context();
}

/** Every start the rules scan, with the scans' results made comparable. */
function scans(ctx: AnalysisContext) {
  const outside = (_cls: ActionClass, action: string, resource: number) => !ctx.node(resource).name.endsWith("1") && action !== "write";
  return [...ctx.agents(), ...ctx.nodesOfKind("credential")].flatMap((start) =>
    [
      ctx.rows(start.id, 0, ["D1", "D2"]),
      ctx.rows(start.id, 0, ["D1", "D2"], undefined, { limit: 2 }),
      ctx.rows(start.id, 0, DESTRUCTIVE_CLASSES, outside, { memoKey: "outside" }),
    ].map((scan) => ({ ...scan, classes: [...scan.classes].sort() })),
  );
}

describe("AnalysisContext", () => {
  it("scans rows the same sharing identities' scans as scanning every row (worst rows, paths, counts)", () => {
    for (let seed = 1; seed <= 12; seed++) {
      const shared = randomEstate(seed);
      const exhaustive = randomEstate(seed);
      exhaustive.shareIdentityRows = false;
      const found = scans(shared);
      expect(found.some((s) => s.count > 0 && s.paths.length > 0)).toBe(true);
      expect(found).toEqual(scans(exhaustive));
    }
  });

  it("scans every row when one (action, resource) pair has different classes on different edges", () => {
    const shared = randomEstate(3, true);
    const exhaustive = randomEstate(3, true);
    exhaustive.shareIdentityRows = false;
    expect(scans(shared)).toEqual(scans(exhaustive));
  });

  it("counts, filters and tests membership in reach lists as the built lists do", () => {
    const ctx = randomEstate(5);
    const summaries = new DestructionSummaries(ctx.index);
    const summaryOf = (start: number) => {
      const tree = searchFrom(ctx.index, start, 0);
      return summaries.summarize(tree.credentials, tree.identities);
    };
    const mask = new Uint8Array(ctx.index.nodeCount);
    for (let node = 0; node < mask.length; node += 3) mask[node] = 1;
    const other = randomEstate(5); // lists built first, then asked
    for (const start of [...ctx.agents(), ...ctx.nodesOfKind("credential")]) {
      const reach = ctx.reach(start.id);
      const counts = [reach.d1Count, reach.d2Count, reach.destroyCount];
      const built = other.reach(start.id);
      expect(counts).toEqual([built.d1.length, built.d2.length, built.destroy.length]);
      expect([reach.d1Count, reach.d2Count, reach.destroyCount]).toEqual(counts);
      for (const which of ["d1", "d2", "destroy"] as const) {
        expect(summaries.reachedAmong(summaryOf(start.id), which, mask).sort((a, b) => a - b)).toEqual([...built[which]].filter((n) => mask[n] === 1));
      }
      for (let node = 0; node < ctx.index.nodeCount; node++) {
        expect(ctx.destroys(start.id, node)).toBe(sortedHas(built.destroy, node));
        expect(ctx.canDestroy(start.id)).toBe(built.destroy.length > 0);
      }
    }
  });

  it("gives the same answers after its stamp arrays wrap around (hundreds of scans and unions)", () => {
    const ctx = randomEstate(7);
    const summaries = new DestructionSummaries(ctx.index);
    const reachedAmong = (start: number, mask: Uint8Array) => {
      const tree = searchFrom(ctx.index, start, 0);
      return summaries.reachedAmong(summaries.summarize(tree.credentials, tree.identities), "destroy", mask);
    };
    const starts = [...ctx.agents(), ...ctx.nodesOfKind("credential")];
    const mask = new Uint8Array(ctx.index.nodeCount).fill(1);
    const first = starts.map((s) => [reachedAmong(s.id, mask).sort((a, b) => a - b), ctx.rows(s.id, 0, ["D1", "D2"], () => true).count]);
    for (let round = 0; round < 30; round++) {
      const again = starts.map((s) => [reachedAmong(s.id, mask).sort((a, b) => a - b), ctx.rows(s.id, 0, ["D1", "D2"], () => true).count]);
      expect(again).toEqual(first);
    }
  });

  it("counts an agent's D1/D2 numbers from its summary exactly as the engine counts its rows (the counting rule)", () => {
    fc.assert(
      fc.property(randomBatch, (batch) => {
        const ctx = analysisContextFromBatch(batch);
        for (const agent of ctx.agents()) {
          const rows = countReach(ctx.index, agent.id, 0);
          expect(ctx.destructionCounts(agent.id), agent.key).toEqual({
            d1Actions: rows.actions.D1,
            d2Actions: rows.actions.D2,
            d1Resources: rows.resources.D1,
            d2Resources: rows.resources.D2,
            atRisk: rows.atRisk,
          });
        }
      }),
      { numRuns: 300 },
    );
  });
});
