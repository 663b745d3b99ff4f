import { describe, expect, it } from "vitest";
import { indexGraphBatch } from "@/lib/graph/reach/from-batch";
import { findDestroyers, findShortestPaths } from "@/lib/graph/reach/reverse";
import { PHASE_ACCESS } from "@/lib/graph/reach/scan";
import * as incident from "@/lib/graph/reach/fixtures/incident-graph";
import type { GraphNode } from "@/lib/graph/types";

function incidentIndex() {
  const { index, nodes } = indexGraphBatch(incident.incidentBatch());
  const idOf = (n: GraphNode) => [...nodes.values()].find((x) => x.kind === n.kind && x.key === n.key)!.id;
  const nameOf = (id: number) => nodes.get(id)!.name;
  return { index, idOf, nameOf };
}

describe("findDestroyers", () => {
  it("names who can destroy the backup: the volume's D1 takes it with it, by the agent, the token and its owner", () => {
    const { index, idOf, nameOf } = incidentIndex();
    const found = findDestroyers(index, idOf(incident.backup));
    expect(found.agents.map((d) => [nameOf(d.node), d.class, d.action, d.via === null ? null : nameOf(d.via)])).toEqual([
      ["Cursor", "D1", "volumeDelete", "prod-db volume"],
    ]);
    expect(found.credentials.map((d) => nameOf(d.node))).toEqual(["Railway account token"]);
    expect(found.identities.map((d) => nameOf(d.node))).toEqual(["Railway token owner"]);
    const path = found.agents[0].path;
    expect(path.nodes.map(nameOf)).toEqual([
      "Cursor",
      "/home/dev/app",
      "/home/dev/app/scripts",
      "scripts/custom-domains.sh",
      "Railway account token",
      "Railway token owner",
      "prod-db volume",
      "prod-db volume backup",
    ]);
    expect(path.edges.map((e) => e.kind)).toEqual(["can_read", "contains", "contains", "contains", "authenticates_as", "can", "stored_in"]);
    // stored_in keeps its real direction: the backup is stored in the volume.
    expect(path.edges.at(-1)).toEqual({ kind: "stored_in", src: idOf(incident.backup), dst: idOf(incident.volume) });
    expect(found.agents[0].hops).toBe(7);
  });

  it("finds the database's destroyers through the .env, and nobody for the project (only a W action on it)", () => {
    const { index, idOf, nameOf } = incidentIndex();
    const db = findDestroyers(index, idOf(incident.database));
    expect(db.credentials.map((d) => nameOf(d.node))).toEqual(["postgres connection string"]);
    expect(db.agents[0]).toMatchObject({ class: "D1", action: "DROP", via: null, hops: 5 });
    const project = findDestroyers(index, idOf(incident.project));
    expect([...project.agents, ...project.credentials, ...project.identities]).toEqual([]);
  });
});

describe("findShortestPaths", () => {
  it("gives the agent's path to the backup, and none to the project when only destructive classes count", () => {
    const { index, idOf, nameOf } = incidentIndex();
    const agent = idOf(incident.agent);
    const toBackup = findShortestPaths(index, agent, PHASE_ACCESS, idOf(incident.backup));
    expect(toBackup.hops).toBe(7);
    expect(toBackup.paths.map((p) => p.nodes.map(nameOf).at(-2))).toEqual(["prod-db volume"]);
    expect(findShortestPaths(index, agent, PHASE_ACCESS, idOf(incident.project)).hops).toBe(6);
    expect(findShortestPaths(index, agent, PHASE_ACCESS, idOf(incident.project), { classes: ["D1", "D2"] })).toEqual({ hops: null, paths: [], truncated: false });
  });
});
