import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, expect, it } from "vitest";
import { openDatabase, type DatabaseHandle } from "@/lib/db/client";
import { getSourceOrThrow } from "@/lib/db/queries/sources";
import { getSweepOrThrow, listSweepsOfSource, queueSweep } from "@/lib/db/queries/sweeps";
import { describeEachDriver } from "@/lib/db/testing/drivers";
import { createSourceFromInput } from "@/lib/sweeps/manage-sources";
import { enqueueDueSweeps, runNextQueuedSweep, type SweepWorkerDeps } from "@/lib/sweeps/sweep-worker";

const INVENTORY = path.resolve("lib/collectors/inventory/fixtures/railway.inventory.json");
const keys = { fingerprintKey: Buffer.from("f".repeat(40)), configKey: Buffer.alloc(32, 3) };

describeEachDriver("sweep scheduling", (testDb) => {
  let handle: DatabaseHandle & { url?: string };
  let second: DatabaseHandle | undefined;

  beforeAll(async () => {
    handle = await testDb.create();
    // A second app instance: its own pool on the same database (not possible with embedded PGlite).
    if (handle.url) second = await openDatabase({ driver: testDb.driver, url: handle.url });
  });
  afterAll(async () => {
    await second?.close();
    await handle?.close();
  });

  const deps = (db = handle.db, now?: Date): SweepWorkerDeps => ({ db, ...keys, now: now ? () => now : undefined, log: () => {} });

  it("a due schedule queues one sweep, which a worker runs; the next run moves on", async () => {
    const source = await createSourceFromInput(
      handle.db,
      { name: "railway-every-5", collector: "inventory", config: { file: INVENTORY }, schedule: "*/5 * * * *", timezone: "Europe/Paris" },
      keys.configKey,
    );
    const due = source.nextRunAt!;
    expect(due.getUTCMinutes() % 5).toBe(0);
    expect(await enqueueDueSweeps(deps(handle.db, new Date(due.getTime() - 1000)))).toEqual([]);

    const queued = await enqueueDueSweeps(deps(handle.db, new Date(due.getTime() + 1000)));
    expect(queued).toHaveLength(1);
    expect((await getSourceOrThrow(handle.db, source.id)).nextRunAt).toEqual(new Date(due.getTime() + 5 * 60_000));
    // The same instant again: already claimed, nothing new.
    expect(await enqueueDueSweeps(deps(handle.db, new Date(due.getTime() + 1000)))).toEqual([]);

    const outcome = await runNextQueuedSweep(deps());
    expect(outcome).toMatchObject({ status: "succeeded", sweepId: queued[0] });
    expect(await getSweepOrThrow(handle.db, queued[0])).toMatchObject({ status: "succeeded", trigger: "schedule" });
    expect(await runNextQueuedSweep(deps())).toBeNull();
  });

  it("a run that falls due while the source is still sweeping is skipped, not stacked", async () => {
    const source = await createSourceFromInput(
      handle.db,
      { name: "busy", collector: "inventory", config: { file: INVENTORY }, schedule: "0 * * * *" },
      keys.configKey,
    );
    await queueSweep(handle.db, source.id, "manual");
    await enqueueDueSweeps(deps(handle.db, new Date(source.nextRunAt!.getTime() + 1)));
    expect(await listSweepsOfSource(handle.db, source.id)).toHaveLength(1);
    expect((await getSourceOrThrow(handle.db, source.id)).nextRunAt!.getTime()).toBeGreaterThan(source.nextRunAt!.getTime());
    while (await runNextQueuedSweep(deps()));
  });

  // Two instances need a server: embedded PGlite allows one process, so these run on the server drivers only.
  if (testDb.driver !== "pglite")
  it("two app instances on one Postgres run each due sweep exactly once", async () => {
    if (!second) throw new Error("the second instance did not open");
    const sources = [];
    for (let i = 0; i < 6; i++) {
      sources.push(
        await createSourceFromInput(
          handle.db,
          { name: `shared-${i}`, collector: "inventory", config: { file: INVENTORY }, schedule: "*/10 * * * *" },
          keys.configKey,
        ),
      );
    }
    const now = new Date(Math.max(...sources.map((s) => s.nextRunAt!.getTime())) + 1000);
    const [a, b] = await Promise.all([enqueueDueSweeps(deps(handle.db, now)), enqueueDueSweeps(deps(second.db, now))]);
    expect(new Set([...a, ...b]).size).toBe(a.length + b.length);

    // Both instances drain the queue at the same time.
    const drain = async (db: DatabaseHandle["db"]) => {
      const ran: number[] = [];
      for (let outcome = await runNextQueuedSweep(deps(db)); outcome; outcome = await runNextQueuedSweep(deps(db))) ran.push(outcome.sweepId);
      return ran;
    };
    const [ranA, ranB] = await Promise.all([drain(handle.db), drain(second.db)]);
    const all = [...ranA, ...ranB].sort((x, y) => x - y);
    expect(all).toEqual([...a, ...b].sort((x, y) => x - y));
    expect(new Set(all).size).toBe(all.length);
    for (const source of sources) {
      const sweeps = await listSweepsOfSource(handle.db, source.id);
      expect(sweeps.map((s) => s.status)).toEqual(["succeeded"]);
    }
  });

  if (testDb.driver === "pg")
  it("two app processes on one Postgres run each due sweep exactly once", async () => {
    const sources = [];
    for (let i = 0; i < 4; i++) {
      sources.push(
        await createSourceFromInput(
          handle.db,
          { name: `process-${i}`, collector: "inventory", config: { file: INVENTORY }, schedule: "*/7 * * * *" },
          keys.configKey,
        ),
      );
    }
    while (await runNextQueuedSweep(deps()));
    const now = new Date(Math.max(...sources.map((s) => s.nextRunAt!.getTime())) + 1000).toISOString();
    const worker = () =>
      promisify(execFile)("npx", ["tsx", "lib/sweeps/testing/worker-process.ts", handle.url!, now], { timeout: 90_000 }).then(
        ({ stdout }) => JSON.parse(stdout) as { queued: number[]; ran: number[] },
      );
    const [a, b] = await Promise.all([worker(), worker()]);
    const queued = [...a.queued, ...b.queued].sort((x, y) => x - y);
    const ran = [...a.ran, ...b.ran].sort((x, y) => x - y);
    expect(ran).toEqual(queued);
    expect(new Set(ran).size).toBe(ran.length);
    for (const source of sources) {
      expect((await listSweepsOfSource(handle.db, source.id)).map((s) => s.status)).toEqual(["succeeded"]);
    }
  }, 120_000);
});
