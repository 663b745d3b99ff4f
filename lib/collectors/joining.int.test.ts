/**
 * Joining sources: a connection string found in a workspace and the role the postgres collector reports
 * meet on the natural key (host, port, role), so two batches ingested separately make one connected path
 * from the agent to the real server's tables — and the catalogue's worst-case assumption for that role
 * gives way to what the server says it may do.
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { postgresCollector } from "@/lib/collectors/postgres";
import { silentContext } from "@/lib/collectors/types";
import { workspaceCollector } from "@/lib/collectors/workspace";
import type { DatabaseHandle } from "@/lib/db/client";
import { getAgentReach, listAgentsWithReachCounts } from "@/lib/db/queries/reach";
import { TEST_DATABASE_URL, adminQuery, describeEachDriver } from "@/lib/db/testing/drivers";
import { ingestBatch } from "@/lib/db/store/ingest";
import { postgresRoleKey, postgresTableKey } from "@/lib/graph/keys";
import type { GraphBatch } from "@/lib/graph/types";

const suffix = randomBytes(4).toString("hex");
const database = `bm_join_${suffix}`;
const role = `bm_join_owner_${suffix}`;
const ctx = silentContext(Buffer.alloc(32, 3));
let workspace: string;
let batches: { workspace: GraphBatch; postgres: GraphBatch };

beforeAll(async () => {
  await adminQuery(`create role ${role} login password 'not-a-real-password'`);
  await adminQuery(`create database ${database} owner ${role}`);
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${database}`;
  // The owner's table, created through a session in the scratch database.
  const pg = await import("pg");
  const client = new pg.default.Client({ connectionString: url.toString() });
  await client.connect();
  await client.query(`set role ${role}; create table public.orders (id int primary key)`);
  await client.end();

  workspace = fs.mkdtempSync(path.join(os.tmpdir(), "blastmap-join-"));
  const project = path.join(workspace, "home", "shop");
  fs.mkdirSync(path.join(project, ".cursor"), { recursive: true });
  fs.writeFileSync(path.join(project, ".cursor", "mcp.json"), JSON.stringify({ mcpServers: {} }));
  fs.writeFileSync(path.join(project, ".env"), `DATABASE_URL=postgres://${role}:fake-join-password@127.0.0.1:${url.port || 5432}/${database}\n`);

  batches = {
    workspace: await workspaceCollector.collect({ roots: [project], home: path.join(workspace, "home"), machine: "join-test" }, ctx),
    postgres: await postgresCollector.collect({ url: url.toString(), databases: [database] }, ctx),
  };
}, 120_000);

afterAll(async () => {
  await adminQuery(`drop database if exists ${database} with (force)`);
  await adminQuery(`drop role if exists ${role}`);
  fs.rmSync(workspace, { recursive: true, force: true });
});

describeEachDriver("two collectors' batches joined on natural keys", (testDb) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await testDb.create();
    await ingestBatch(handle.db, "laptop", batches.workspace);
    await ingestBatch(handle.db, "pg-server", batches.postgres);
  });
  afterAll(async () => {
    await handle?.close();
  });

  it("make one path from the agent through the .env to the real role's tables", async () => {
    const [agent] = await listAgentsWithReachCounts(handle.db);
    expect(agent).toBeDefined();
    const reach = await getAgentReach(handle.db, agent.id);
    const port = Number(new URL(TEST_DATABASE_URL).port || 5432);
    const table = postgresTableKey("127.0.0.1", port, database, "public", "orders");
    const onTable = reach.rows.filter((row) => row.resource.key === table && row.class === "D1");
    expect(onTable.map((row) => row.action).sort()).toEqual(expect.arrayContaining(["DROP TABLE"]));
    for (const row of onTable) {
      expect(row.assumed).toBe(false);
      expect(row.path.nodes.map((n) => n.key)).toContain(postgresRoleKey("127.0.0.1", port, role));
      expect(row.path.nodes.map((n) => n.kind)).toEqual(expect.arrayContaining(["agent", "file", "credential", "identity", "resource"]));
    }
    // The server's answer replaced the catalogue's worst case for this role.
    const viaRole = reach.rows.filter((row) => row.path.nodes.some((n) => n.key === postgresRoleKey("127.0.0.1", port, role)));
    expect(viaRole.length).toBeGreaterThan(0);
    expect(viaRole.every((row) => !row.assumed)).toBe(true);
  });
});
