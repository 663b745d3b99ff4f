/** F2: during a large sweep on the embedded database the health check went unanswered for 48 s. */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { DatabaseHandle } from "@/lib/db/client";
import { describeEachDriver } from "@/lib/db/testing/drivers";
import { createTestDatabase } from "@/lib/sweeps/testing/test-database";

const db = vi.hoisted(() => ({ handle: undefined as DatabaseHandle | undefined }));
vi.mock("@/lib/db/server-db", () => ({ getServerDatabase: async () => db.handle }));
const { GET } = await import("./route");

describe("GET /api/health on the embedded database", () => {
  beforeAll(async () => {
    db.handle = await createTestDatabase();
  });
  afterAll(async () => {
    await db.handle?.close();
  });

  it("answers ok", async () => {
    expect(await (await GET()).json()).toEqual({ status: "ok", database: "pglite" });
  });

  it("answers busy, at once, while a sweep's transaction holds the one connection", async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let inside!: () => void;
    const started = new Promise<void>((resolve) => (inside = resolve));
    const sweep = db.handle!.db.transaction(async (tx) => {
      await tx.execute(sql`select 1`);
      inside();
      await held;
    });
    await started;
    try {
      const response = await GET();
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ status: "ok", database: "pglite", busy: true });
    } finally {
      release();
      await sweep;
    }
  });
});

describeEachDriver("GET /api/health while pages hold every pooled connection", (testDb) => {
  it("answers ok from the probe's own connection", async () => {
    const handle = await testDb.create();
    db.handle = handle;
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let holding = 0;
    let allHeld!: () => void;
    const full = new Promise<void>((resolve) => (allHeld = resolve));
    // The pool's 10 connections, each in a transaction that waits: what 50 users' page queries do.
    const holders = Array.from({ length: 10 }, () =>
      handle.db.transaction(async (tx) => {
        await tx.execute(sql`select 1`);
        if (++holding === 10) allHeld();
        await held;
      }),
    );
    await full;
    try {
      const answer = await Promise.race([GET().then((r) => r.json()), new Promise((resolve) => setTimeout(() => resolve("no answer in 2 s"), 2_000))]);
      expect(answer).toEqual({ status: "ok", database: testDb.driver });
    } finally {
      release();
      await Promise.all(holders);
      await handle.close();
    }
  });
}, ["pg", "neon"]); // the embedded database has one connection: it answers "busy" instead (above)
