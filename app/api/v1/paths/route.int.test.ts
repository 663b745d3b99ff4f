import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { setRouteDepsForTests } from "@/lib/api/route-deps";
import type { DatabaseHandle } from "@/lib/db/client";
import { queryRows } from "@/lib/db/rows";
import { ingestBatch } from "@/lib/db/store/ingest";
import { incidentBatch } from "@/lib/graph/reach/fixtures/incident-graph";
import { createTestDatabase } from "@/lib/sweeps/testing/test-database";
import { GET as listAgents } from "@/app/api/v1/agents/route";
import { GET as getDestroyers } from "@/app/api/v1/resources/[id]/destroyers/route";
import { GET as getPaths } from "./route";

const session = vi.hoisted(() => ({ user: { id: 1, name: "viewer", role: "viewer" as "admin" | "analyst" | "viewer", approver: false, sessionId: "s" } }));
vi.mock("@/lib/auth/session", () => ({ getSessionUser: async () => session.user, getSessionUserFrom: async () => session.user }));

const get = (url: string) => new Request(`http://localhost${url}`);
const params = (id: number | string) => ({ params: Promise.resolve({ id: String(id) }) });

describe("reach API: agents' counts, who can destroy a resource, paths (signed-in viewer)", () => {
  let handle: DatabaseHandle;
  const idOf = async (name: string) => Number((await queryRows<{ id: number }>(handle.db, sql`select id from nodes where name = ${name}`))[0].id);
  beforeAll(async () => {
    handle = await createTestDatabase();
    setRouteDepsForTests({ db: handle.db, fingerprintKey: Buffer.from("k".repeat(40)), configKey: Buffer.alloc(32, 9) });
    await ingestBatch(handle.db, "laptop", incidentBatch());
  });
  afterAll(async () => {
    setRouteDepsForTests(undefined);
    await handle?.close();
  });

  it("lists agents with the counting rule's counts and what each means", async () => {
    const body = await (await listAgents(get("/api/v1/agents"), params(0))).json();
    expect(body.counting.actions).toContain("(action, resource) pairs");
    expect(body.agents).toEqual([
      expect.objectContaining({ name: "Cursor", atRisk: 3, actions: expect.objectContaining({ D1: 3, D2: 0, W: 1 }), resources: expect.objectContaining({ D1: 3 }) }),
    ]);
  });

  it("names who can destroy the backup, and answers 404 for an unknown resource and 400 for a bad id", async () => {
    const backup = await idOf("prod-db volume backup");
    const body = await (await getDestroyers(get(`/api/v1/resources/${backup}/destroyers`), params(backup))).json();
    expect(body.counts).toEqual({ agents: 1, credentials: 1, identities: 1 });
    expect(body.agents[0]).toMatchObject({ node: { name: "Cursor" }, class: "D1", action: "volumeDelete", via: { name: "prod-db volume" } });
    expect((await getDestroyers(get("/api/v1/resources/999999/destroyers"), params(999999))).status).toBe(404);
    expect((await getDestroyers(get("/api/v1/resources/x/destroyers"), params("x"))).status).toBe(400);
  });

  it("gives the shortest paths from the agent to the database, filtered by class", async () => {
    const [agent, database] = [await idOf("Cursor"), await idOf("shop database")];
    const body = await (await getPaths(get(`/api/v1/paths?from=${agent}&to=${database}&classes=D1,D2`), params(0))).json();
    expect(body).toMatchObject({ hops: 5, truncated: false });
    expect(body.paths[0].nodes.map((n: { name: string }) => n.name)).toEqual(["Cursor", "/home/dev/app", ".env", "postgres connection string", "app", "shop database"]);
    const none = await (await getPaths(get(`/api/v1/paths?from=${agent}&to=${database}&classes=W`), params(0))).json();
    expect(none).toMatchObject({ hops: null, paths: [] });
    expect((await getPaths(get(`/api/v1/paths?from=${agent}&to=${database}&classes=D9`), params(0))).status).toBe(400);
  });
});
