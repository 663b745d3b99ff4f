import { describe, expect, it } from "vitest";
import { countReach } from "@/lib/graph/reach/counts";
import { countRowObjects } from "@/lib/graph/reach/counting-rule";
import { indexGraphBatch } from "@/lib/graph/reach/from-batch";
import { computeReach } from "@/lib/graph/reach/rows";
import { PHASE_ACCESS } from "@/lib/graph/reach/scan";
import { incidentBatch } from "@/lib/graph/reach/fixtures/incident-graph";
import { tangledBatch } from "@/lib/graph/reach/fixtures/tangled-graph";
import { ACTION_CLASSES, DESTRUCTIVE_CLASSES } from "@/lib/graph/types";

describe("countReach", () => {
  it("counts the rows computeReach gives by the counting rule, with the first actions and the assumed flag", () => {
    for (const batch of [incidentBatch(), tangledBatch(7), tangledBatch(42)]) {
      const { index, nodes } = indexGraphBatch(batch);
      const starts = [...nodes.values()].filter((n) => n.kind === "agent" || n.kind === "credential");
      for (const start of starts) {
        const rows = computeReach(index, start.id, PHASE_ACCESS, { paths: false }).rows;
        const destructive = rows.filter((r) => DESTRUCTIVE_CLASSES.includes(r.class));
        const expected = {
          ...countRowObjects(rows),
          firstActions: Object.fromEntries(ACTION_CLASSES.map((c) => [c, [...new Set(rows.filter((r) => r.class === c).map((r) => r.action))].slice(0, 4)])),
          assumedDestructive: destructive.some((r) => r.assumed),
        };
        expect(countReach(index, start.id, PHASE_ACCESS), `${start.name}`).toEqual(expected);
      }
    }
  });

  it("counts the incident agent's volume, the backup that dies with it and the database: 3 D1 actions, 3 resources at risk", () => {
    const { index, nodes } = indexGraphBatch(incidentBatch());
    const agent = [...nodes.values()].find((n) => n.kind === "agent")!;
    const counts = countReach(index, agent.id, PHASE_ACCESS);
    expect(counts.actions.D1).toBe(3);
    expect(counts.resources.D1).toBe(3);
    expect(counts.atRisk).toBe(3);
    expect(counts.actions.W).toBe(1);
    expect(counts.firstActions.D1).toEqual(expect.arrayContaining(["volumeDelete", "DROP"]));
    expect(counts.assumedDestructive).toBe(true);
  });
});
