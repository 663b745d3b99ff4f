import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { indexGraphBatch } from "@/lib/graph/reach/from-batch";
import { findDestroyers, findReaders, findShortestPaths } from "@/lib/graph/reach/reverse";
import { PHASE_ACCESS, scanReach } from "@/lib/graph/reach/scan";
import * as incident from "@/lib/graph/reach/fixtures/incident-graph";
import { randomEstate } from "@/lib/graph/reach/testing/random-estate";
import type { GraphBatch, GraphNode } from "@/lib/graph/types";

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

describe("findReaders", () => {
  it("names the agent that can read the Railway token, through the script that holds it", () => {
    const { index, idOf, nameOf } = incidentIndex();
    const readers = findReaders(index, idOf(incident.railwayToken));
    expect(readers.map((r) => [nameOf(r.agent), nameOf(r.near), r.configured, r.hops])).toEqual([["Cursor", "scripts/custom-domains.sh", false, 4]]);
    expect(findReaders(index, idOf(incident.volume)), "nothing reads a volume the way it reads a credential").toEqual([]);
  });

  it("calls an agent configured with the credential (through an MCP server) configured, and lists the nearest first", () => {
    const agents = ["near", "far"].map((name): GraphNode => ({ kind: "agent", key: `agent:${name}`, name, props: {} }));
    const mcp: GraphNode = { kind: "mcp_server", key: "mcp:railway", name: "railway", props: {} };
    const file: GraphNode = { kind: "file", key: "file:a", name: "a.sh", props: {} };
    const dir: GraphNode = { kind: "workspace", key: "ws:a", name: "a", props: {} };
    const token: GraphNode = { kind: "credential", key: "cred:t", name: "token", props: {} };
    const ref = (n: GraphNode) => ({ kind: n.kind, key: n.key });
    const batch: GraphBatch = {
      collector: "test",
      nodes: [...agents, mcp, file, dir, token],
      edges: [
        { kind: "can_read", src: ref(agents[1]), dst: ref(dir), props: {} },
        { kind: "contains", src: ref(dir), dst: ref(file), props: {} },
        { kind: "contains", src: ref(file), dst: ref(token), props: {} },
        { kind: "configured_with", src: ref(agents[0]), dst: ref(mcp), props: {} },
        { kind: "configured_with", src: ref(mcp), dst: ref(token), props: {} },
      ],
      warnings: [],
    };
    const { index, nodes } = indexGraphBatch(batch);
    const idOf = (n: GraphNode) => [...nodes.values()].find((x) => x.key === n.key)!.id;
    const readers = findReaders(index, idOf(token));
    expect(readers.map((r) => [nodes.get(r.agent)!.name, nodes.get(r.near)!.name, r.configured, r.hops])).toEqual([
      ["near", "railway", true, 2],
      ["far", "a.sh", false, 3],
    ]);
  });

  it("names exactly the agents whose forward scan enters the credential, at its depth (random estates)", () => {
    fc.assert(
      fc.property(randomEstate, (batch) => {
        const { index, nodes } = indexGraphBatch(batch);
        const agents = [...nodes.values()].filter((n) => n.kind === "agent");
        for (const credential of [...nodes.values()].filter((n) => n.kind === "credential")) {
          const expected = new Map<number, number>();
          for (const agent of agents) {
            const { scratch } = scanReach(index, agent.id, PHASE_ACCESS);
            const state = credential.id * 2 + PHASE_ACCESS;
            if (scratch.seen[state] === scratch.epoch) expected.set(agent.id, scratch.depth[state]);
          }
          const readers = findReaders(index, credential.id);
          expect(new Map(readers.map((r) => [r.agent, r.hops]))).toEqual(expected);
          expect(readers.map((r) => r.hops)).toEqual([...readers.map((r) => r.hops)].sort((a, b) => a - b));
        }
      }),
      { numRuns: 200 },
    );
  });
});
