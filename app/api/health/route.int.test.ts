/** F2: during a large sweep on the embedded database the health check went unanswered for 48 s. */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { DatabaseHandle } from "@/lib/db/client";
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
