import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { loadAgentReachPage, rowPathsHref } from "@/components/agents/agent-reach";
import { setRouteDepsForTests } from "@/lib/api/route-deps";
import type { DatabaseHandle } from "@/lib/db/client";
import { queryRows } from "@/lib/db/rows";
import { ingestBatch } from "@/lib/db/store/ingest";
import { incidentBatch } from "@/lib/graph/reach/fixtures/incident-graph";
import { createTestDatabase } from "@/lib/sweeps/testing/test-database";
import { GET } from "./route";

const session = vi.hoisted(() => ({ user: { id: 1, name: "viewer", role: "viewer" as const, approver: false, sessionId: "s" } as { id: number; name: string; role: "viewer"; approver: boolean; sessionId: string } | null }));
vi.mock("@/lib/auth/session", () => ({ getSessionUser: async () => session.user, getSessionUserFrom: async () => session.user }));

const get = (url: string) => GET(new Request(`http://localhost${url}`), { params: Promise.resolve({ id: url.split("/")[2] }) });

describe("an agent page row's paths, sent when the row is opened", () => {
  let handle: DatabaseHandle;
  let agent: number;
  beforeAll(async () => {
    handle = await createTestDatabase();
    setRouteDepsForTests({ db: handle.db, fingerprintKey: Buffer.from("k".repeat(40)), configKey: Buffer.alloc(32, 9) });
    await ingestBatch(handle.db, "laptop", incidentBatch());
    agent = Number((await queryRows<{ id: number }>(handle.db, sql`select id from nodes where name = 'Cursor'`))[0].id);
  });
  afterAll(async () => {
    setRouteDepsForTests(undefined);
    await handle?.close();
  });

  it("answers every row the page lists with the paths and drawing the page used to carry", async () => {
    const scope = { only: null, page: 1 };
    const { groups } = await loadAgentReachPage(handle.db, agent, scope);
    expect(groups.length).toBeGreaterThan(0);
    for (const group of groups) {
      for (const row of group.resources) {
        const response = await get(rowPathsHref(agent, scope, group.class, row.resource.id));
        expect(response.status).toBe(200);
        expect(response.headers.get("content-type")).toContain("application/json");
        expect(await response.json()).toEqual({ paths: row.paths, morePaths: row.morePaths, graph: row.graph });
      }
    }
    const volume = groups.flatMap((g) => g.resources).find((r) => r.actions.includes("volumeDelete"))!;
    const body = await (await get(rowPathsHref(agent, scope, "D1", volume.resource.id))).json();
    expect(body.paths[0].nodes.map((n: { kind: string }) => n.kind)).toEqual(["agent", "file", "credential", "identity", "resource"]);
  });

  it("answers a class page's rows too, and 404 for a resource not on the page, 400 for bad input", async () => {
    const scope = { only: "D1" as const, page: 1 };
    const { groups } = await loadAgentReachPage(handle.db, agent, scope);
    const row = groups[0].resources[0];
    expect((await get(rowPathsHref(agent, scope, "D1", row.resource.id))).status).toBe(200);
    const gone = await get(`/agents/${agent}/paths?class=D1&resource=999999&scope=all`);
    expect(gone.status).toBe(404);
    expect((await gone.json()).message).toMatch(/reload the page/);
    expect((await get(`/agents/${agent}/paths?class=W&resource=1&scope=all`)).status).toBe(400);
    expect((await get(`/agents/x/paths?class=D1&resource=1&scope=all`)).status).toBe(400);
    expect((await get(`/agents/2147483648/paths?class=D1&resource=1&scope=all`)).status).toBe(400); // past int4: never a 500
    expect((await get(`/agents/999999/paths?class=D1&resource=1&scope=all`)).status).toBe(404);
  });

  it("refuses a signed-out request", async () => {
    const user = session.user;
    session.user = null;
    try {
      expect((await get(`/agents/${agent}/paths?class=D1&resource=1&scope=all`)).status).toBe(401);
    } finally {
      session.user = user;
    }
  });
});
