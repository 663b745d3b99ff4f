/**
 * F3: a page on another site (or a sibling subdomain) auto-posting `text/plain` JSON with the session
 * cookie created a source and pruned another source's graph with an empty push. Route handlers now
 * refuse a cookie-signed write that is not JSON from this origin; API tokens are unaffected.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { setRouteDepsForTests } from "@/lib/api/route-deps";
import { createApiToken } from "@/lib/auth/api-tokens";
import type { DatabaseHandle } from "@/lib/db/client";
import { findOrCreateSource } from "@/lib/db/queries/sources";
import { queryRows } from "@/lib/db/rows";
import { pushBatchAsSweep } from "@/lib/sweeps/push-batch";
import { postureBatch } from "@/lib/sweeps/testing/posture-batch";
import { createTestDatabase } from "@/lib/sweeps/testing/test-database";
import { POST as pushSweep } from "@/app/api/v1/sources/[id]/sweeps/route";
import { POST as createSource } from "@/app/api/v1/sources/route";

const session = vi.hoisted(() => ({ user: { id: 1, name: "admin", role: "admin" as const, approver: true, sessionId: "s" } }));
vi.mock("@/lib/auth/session", () => ({ getSessionUser: async () => session.user, getSessionUserFrom: async () => session.user }));

const newSource = JSON.stringify({ name: "planted", collector: "inventory", config: { file: "/tmp/x.json" } });

describe("cookie-signed writes to route handlers (CSRF)", () => {
  let handle: DatabaseHandle;
  let victimId: number;
  const sourceCount = async () => (await queryRows<{ n: number }>(handle.db, sql`select count(*)::int as n from sources`))[0].n;
  const nodeCount = async () => (await queryRows<{ n: number }>(handle.db, sql`select count(*)::int as n from nodes`))[0].n;

  beforeAll(async () => {
    handle = await createTestDatabase();
    const fingerprintKey = Buffer.from("k".repeat(40));
    setRouteDepsForTests({ db: handle.db, fingerprintKey, configKey: Buffer.alloc(32, 3) });
    const victim = await findOrCreateSource(handle.db, "victim", "test");
    victimId = victim.id;
    await pushBatchAsSweep(handle.db, victim, postureBatch(), fingerprintKey);
  });
  afterAll(async () => {
    setRouteDepsForTests(undefined);
    await handle?.close();
  });

  const post = (handler: typeof createSource, url: string, body: string, headers: Record<string, string>, id?: string) =>
    handler(new Request(`http://localhost${url}`, { method: "POST", body, headers: { host: "localhost", ...headers } }), { params: Promise.resolve({ id: id ?? "" }) });

  it("403 for a text/plain form post, even from this origin: no source created", async () => {
    const before = await sourceCount();
    const response = await post(createSource, "/api/v1/sources", newSource, { "content-type": "text/plain", origin: "http://localhost" });
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ error: "forbidden:origin" });
    expect(await sourceCount()).toBe(before);
  });

  it("403 for JSON from another site or a sibling subdomain, by Origin or by Sec-Fetch-Site", async () => {
    const before = await sourceCount();
    const attempts: Record<string, string>[] = [
      { "content-type": "application/json", origin: "https://evil.test" },
      { "content-type": "application/json", origin: "http://attacker.localhost" },
      { "content-type": "application/json", origin: "null" },
      { "content-type": "application/json", "sec-fetch-site": "same-site" },
      { "content-type": "application/json", "sec-fetch-site": "cross-site" },
    ];
    for (const headers of attempts) {
      const response = await post(createSource, "/api/v1/sources", newSource, headers);
      expect(response.status, JSON.stringify(headers)).toBe(403);
    }
    expect(await sourceCount()).toBe(before);
  });

  it("403 for an empty push by cookie from a form: the other source's graph stays", async () => {
    const before = await nodeCount();
    const empty = JSON.stringify({ collector: "test", nodes: [], edges: [] });
    const response = await post(pushSweep, `/api/v1/sources/${victimId}/sweeps`, empty, { "content-type": "text/plain", "sec-fetch-site": "same-site" }, String(victimId));
    expect(response.status).toBe(403);
    expect(await nodeCount()).toBe(before);
  });

  it("accepts JSON from this origin, and a push with an API token whatever its headers", async () => {
    const created = await post(createSource, "/api/v1/sources", newSource, { "content-type": "application/json; charset=utf-8", origin: "http://localhost", "sec-fetch-site": "same-origin" });
    expect(created.status).toBe(201);
    const { token } = await createApiToken(handle.db, { name: "ci", sourceIds: [victimId], createdBy: "admin" });
    const pushed = await post(pushSweep, `/api/v1/sources/${victimId}/sweeps`, JSON.stringify(postureBatch()), { authorization: `Bearer ${token}`, "content-type": "text/plain", origin: "https://elsewhere.test" }, String(victimId));
    expect(pushed.status).toBe(201);
  });
});
