import { describe, expect, it, vi } from "vitest";
import type { Db } from "@/lib/db/client";

vi.mock("@/lib/db/queries/sweeps", () => ({ failAbandonedSweeps: async () => 0, claimQueuedSweep: async () => null, queueSweep: async () => null }));
vi.mock("@/lib/db/queries/sources", () => ({ listDueSources: async () => [], claimDueRun: async () => false, getSource: async () => null }));

const { startSweepWorker } = await import("@/lib/sweeps/sweep-worker");

describe("startSweepWorker", () => {
  it("polls without piling up listeners and stops cleanly", async () => {
    const warn = vi.spyOn(process, "emitWarning");
    const worker = startSweepWorker({ db: {} as Db, fingerprintKey: Buffer.alloc(32), configKey: Buffer.alloc(32), log: () => {} }, { pollMs: 1 });
    for (let i = 0; i < 30; i++) {
      worker.poke();
      await new Promise((r) => setTimeout(r, 2));
    }
    await worker.stop();
    expect(warn.mock.calls.filter(([w]) => String(w).includes("MaxListeners"))).toEqual([]);
  });
});
