import { sql } from "drizzle-orm";
import { afterEach, beforeEach, expect, it } from "vitest";
import type { DatabaseHandle } from "@/lib/db/client";
import { findPaths, getResourceDestroyers } from "@/lib/db/queries/resource-reach";
import { describeEachDriver } from "@/lib/db/testing/drivers";
import { ingestBatch } from "@/lib/db/store/ingest";
import { incidentBatch } from "@/lib/graph/reach/fixtures/incident-graph";
import { queryRows } from "@/lib/db/rows";

describeEachDriver("who can destroy a resource", (testDb) => {
  let handle: DatabaseHandle;
  beforeEach(async () => {
    handle = await testDb.create();
    await ingestBatch(handle.db, "laptop", incidentBatch());
  });
  afterEach(async () => {
    await handle.close();
  });

  const idOf = async (name: string) => Number((await queryRows<{ id: number }>(handle.db, sql`select id from nodes where name = ${name}`))[0].id);

  it("names the agent, the token and its owner that can destroy the backup, with the path through the volume", async () => {
    const found = await getResourceDestroyers(handle.db, await idOf("prod-db volume backup"));
    expect(found.resource.name).toBe("prod-db volume backup");
    expect(found.counts).toEqual({ agents: 1, credentials: 1, identities: 1 });
    expect(found.agents.map((d) => [d.node.name, d.class, d.action, d.via?.name])).toEqual([["Cursor", "D1", "volumeDelete", "prod-db volume"]]);
    expect(found.agents[0].path.nodes.map((n) => n.name)).toEqual([
      "Cursor",
      "/home/dev/app",
      "/home/dev/app/scripts",
      "scripts/custom-domains.sh",
      "Railway account token",
      "Railway token owner",
      "prod-db volume",
      "prod-db volume backup",
    ]);
    expect(found.credentials[0].node.name).toBe("Railway account token");
    expect(found.identities[0].node.name).toBe("Railway token owner");
  });

  it("finds the shortest path from the agent to the database, and none from the Railway token", async () => {
    const agent = await idOf("Cursor");
    const database = await idOf("shop database");
    const paths = await findPaths(handle.db, agent, database);
    expect(paths.hops).toBe(5);
    expect(paths.paths.map((p) => p.nodes.map((n) => n.name))).toEqual([["Cursor", "/home/dev/app", ".env", "postgres connection string", "app", "shop database"]]);
    expect(paths.paths[0].edges.at(-1)).toMatchObject({ kind: "can", action: "DROP" });
    const none = await findPaths(handle.db, await idOf("Railway account token"), database);
    expect(none).toMatchObject({ hops: null, paths: [], truncated: false });
  });

  it("answers not_found for an id that names no node", async () => {
    await expect(getResourceDestroyers(handle.db, 999_999)).rejects.toMatchObject({ code: "not_found:node" });
    await expect(findPaths(handle.db, 999_999, 1)).rejects.toMatchObject({ code: "not_found:node" });
  });
});
