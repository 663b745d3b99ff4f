import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { POST as createToken } from "@/app/api/v1/tokens/route";
import { setRouteDepsForTests } from "@/lib/api/route-deps";
import type { DatabaseHandle } from "@/lib/db/client";
import { findOrCreateSource } from "@/lib/db/queries/sources";
import { fingerprintKeyId } from "@/lib/guard/snapshot";
import { createTestDatabase } from "@/lib/sweeps/testing/test-database";
import { GET } from "./route";

const session = vi.hoisted(() => ({ user: { id: 1, name: "admin", role: "admin" as "admin" | "analyst" | "viewer", approver: false, sessionId: "s" } }));
vi.mock("@/lib/auth/session", () => ({ getSessionUser: async () => session.user, getSessionUserFrom: async () => session.user }));

const KEY = Buffer.from("k".repeat(40));
const post = (body: unknown) => new Request("http://localhost/api/v1/tokens", { method: "POST", body: JSON.stringify(body), headers: { "content-type": "application/json" } });
const snapshot = (token?: string) => new Request("http://localhost/api/v1/guard/snapshot", token ? { headers: { authorization: `Bearer ${token}` } } : {});

describe("GET /api/v1/guard/snapshot and guard-sync tokens", () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await createTestDatabase();
    setRouteDepsForTests({ db: handle.db, fingerprintKey: KEY, configKey: Buffer.alloc(32, 1) });
  });
  afterAll(async () => {
    setRouteDepsForTests(undefined);
    await handle?.close();
  });

  it("an admin creates a guard-sync token, which reads the snapshot and its key and nothing else", async () => {
    const created = await createToken(post({ name: "dana's guard", scope: "guard-sync" }));
    expect(created.status).toBe(201);
    const { token, record } = await created.json();
    expect(record).toMatchObject({ scope: "guard-sync", sourceIds: [] });
    const response = await GET(snapshot(token));
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const body = await response.json();
    expect(body.fingerprintKey).toBe(KEY.toString("utf8"));
    expect(body.snapshot).toMatchObject({ version: 1, fingerprintKeyId: fingerprintKeyId(KEY), source: "http://localhost" });
  });

  it("refuses a guard-sync token with sources, an ingest token without, and an ingest token at the snapshot", async () => {
    const source = await findOrCreateSource(handle.db, "laptop", "workspace");
    expect((await createToken(post({ name: "x", scope: "guard-sync", sourceIds: [source.id] }))).status).toBe(400);
    expect((await createToken(post({ name: "x" }))).status).toBe(400);
    const ingest = await (await createToken(post({ name: "ci", sourceIds: [source.id] }))).json();
    expect(ingest.record.scope).toBe("ingest");
    const refused = await GET(snapshot(ingest.token));
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ error: "forbidden:role" });
    expect((await GET(snapshot("bm_unknown"))).status).toBe(401);
  });
});
