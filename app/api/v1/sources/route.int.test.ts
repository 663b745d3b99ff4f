import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { setRouteDepsForTests } from "@/lib/api/route-deps";
import type { DatabaseHandle } from "@/lib/db/client";
import { getSourceOrThrow } from "@/lib/db/queries/sources";
import { openSecrets } from "@/lib/sweeps/source-secrets";
import { createTestDatabase } from "@/lib/sweeps/testing/test-database";
import { POST as createToken, GET as listTokens } from "@/app/api/v1/tokens/route";
import { DELETE as revokeToken } from "@/app/api/v1/tokens/[id]/route";
import { POST as runSource } from "@/app/api/v1/sources/[id]/run/route";
import { POST as cancelSweep } from "@/app/api/v1/sweeps/[id]/cancel/route";
import { PATCH, GET as getSource } from "./[id]/route";
import { GET, POST } from "./route";

const session = vi.hoisted(() => ({ user: { id: 1, name: "admin", role: "admin" as "admin" | "analyst" | "viewer", approver: false, sessionId: "s" } }));
vi.mock("@/lib/auth/session", () => ({ getSessionUser: async () => session.user, getSessionUserFrom: async () => session.user }));

const configKey = Buffer.alloc(32, 9);
const PASSWORD = "FAKE-db-password-0000";
const INVENTORY = path.resolve("lib/collectors/inventory/fixtures/railway.inventory.json");

const json = (method: string, url: string, body?: unknown) =>
  new Request(`http://localhost${url}`, { method, body: body === undefined ? undefined : JSON.stringify(body), headers: { "content-type": "application/json" } });
const params = (id: number | string) => ({ params: Promise.resolve({ id: String(id) }) });

describe("sources, run, cancel and tokens API (signed-in session)", () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await createTestDatabase();
    setRouteDepsForTests({ db: handle.db, fingerprintKey: Buffer.from("k".repeat(40)), configKey });
  });
  afterAll(async () => {
    setRouteDepsForTests(undefined);
    await handle?.close();
  });

  it("creates a source with a sealed password that no response shows, and keeps it on an edit", async () => {
    const url = `postgres://auditor:${PASSWORD}@db.internal:5432/app`;
    const created = await POST(json("POST", "/api/v1/sources", { name: "prod-pg", collector: "postgres", config: { url }, schedule: "0 3 * * *", timezone: "Europe/Paris" }));
    expect(created.status).toBe(201);
    const text = await created.text();
    expect(text).not.toContain(PASSWORD);
    const { source } = JSON.parse(text);
    expect(source).toMatchObject({ name: "prod-pg", hasSecrets: true, schedule: "0 3 * * *" });
    expect(source.nextRunAt).toMatch(/T0[12]:00:00/); // 03:00 in Paris

    const stored = await getSourceOrThrow(handle.db, source.id);
    expect(JSON.stringify(stored.config)).not.toContain(PASSWORD);
    expect(openSecrets(stored.secretConfig, configKey).url).toBe(PASSWORD);

    // An edit sends back what it was shown (the placeholder): the password stays.
    const edited = await PATCH(json("PATCH", `/api/v1/sources/${source.id}`, { ...source, config: source.config, schedule: null }), params(source.id));
    expect(edited.status).toBe(200);
    expect(openSecrets((await getSourceOrThrow(handle.db, source.id)).secretConfig, configKey).url).toBe(PASSWORD);
    const listed = await (await GET(json("GET", "/api/v1/sources"))).text();
    const detail = await (await getSource(json("GET", `/api/v1/sources/${source.id}`), params(source.id))).text();
    expect(listed + detail).not.toContain(PASSWORD);
  });

  it("refuses bad schedules, time zones and configs with a message naming the problem", async () => {
    const bad = async (body: object) => {
      const response = await POST(json("POST", "/api/v1/sources", { name: "x", collector: "inventory", config: { file: INVENTORY }, ...body }));
      return { status: response.status, message: (await response.json()).message as string };
    };
    expect(await bad({ schedule: "61 * * * *" })).toEqual({ status: 400, message: 'Invalid schedule "61 * * * *": Invalid value for minute: 61.' });
    expect((await bad({ schedule: "0 0 30 2 *" })).message).toMatch(/never fires/);
    expect((await bad({ schedule: "0 * * * *", timezone: "Mars/Olympus" })).message).toMatch(/Unknown time zone "Mars\/Olympus"/);
    expect((await bad({ collector: "nope" })).message).toMatch(/^Invalid body at collector/);
    expect((await bad({ config: {} })).status).toBe(400);
  });

  it("viewers read but may not change anything", async () => {
    session.user = { ...session.user, role: "viewer" };
    try {
      expect((await GET(json("GET", "/api/v1/sources"))).status).toBe(200);
      expect((await POST(json("POST", "/api/v1/sources", { name: "v", collector: "inventory", config: { file: INVENTORY } }))).status).toBe(403);
    } finally {
      session.user = { ...session.user, role: "admin" };
    }
  });

  it("run now queues one sweep per source (409 for a second), and cancel stops a queued one", async () => {
    const { source } = await (await POST(json("POST", "/api/v1/sources", { name: "inv", collector: "inventory", config: { file: INVENTORY } }))).json();
    const first = await runSource(json("POST", `/api/v1/sources/${source.id}/run`), params(source.id));
    expect(first.status).toBe(202);
    const { sweep } = await first.json();
    expect(sweep).toMatchObject({ status: "queued", trigger: "manual" });
    expect((await runSource(json("POST", `/api/v1/sources/${source.id}/run`), params(source.id))).status).toBe(409);
    const cancelled = await cancelSweep(json("POST", `/api/v1/sweeps/${sweep.id}/cancel`), params(sweep.id));
    expect((await cancelled.json()).sweep.status).toBe("cancelled");
    expect((await runSource(json("POST", `/api/v1/sources/${source.id}/run`), params(source.id))).status).toBe(202);
  });

  it("creates a token shown once, lists it without its hash, and revokes it", async () => {
    const created = await createToken(json("POST", "/api/v1/tokens", { name: "ci", sourceIds: [1] }));
    expect(created.status).toBe(201);
    const { token, record } = await created.json();
    expect(token).toMatch(/^bm_[A-Za-z0-9_-]{43}$/);
    const list = await (await listTokens(json("GET", "/api/v1/tokens"))).text();
    expect(list).not.toContain(token);
    expect(list).not.toContain("tokenHash");
    expect(JSON.parse(list).tokens[0]).toMatchObject({ name: "ci", prefix: token.slice(0, 9), lastUsedAt: null, revokedAt: null });
    const revoked = await (await revokeToken(json("DELETE", `/api/v1/tokens/${record.id}`), params(record.id))).json();
    expect(revoked.token.revokedAt).not.toBeNull();
    expect((await createToken(json("POST", "/api/v1/tokens", { name: "none", sourceIds: [] }))).status).toBe(400);
  });
});
