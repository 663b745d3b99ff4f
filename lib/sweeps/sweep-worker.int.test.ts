import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { TestClock } from "pg-boss";
import { sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import { openDatabase, type DatabaseHandle } from "@/lib/db/client";
import { getSourceOrThrow } from "@/lib/db/queries/sources";
import { claimQueuedSweep, getSweepOrThrow, listSweepsOfSource, queueSweep, requestSweepCancel } from "@/lib/db/queries/sweeps";
import { queryRows } from "@/lib/db/rows";
import type { Source } from "@/lib/db/schema";
import { describeEachDriver } from "@/lib/db/testing/drivers";
import { DUE_QUEUE, startJobQueue } from "@/lib/sweeps/job-queue";
import { createSourceFromInput, deleteSourceAndSchedule, updateSourceFromInput } from "@/lib/sweeps/manage-sources";
import { nextRunAfter } from "@/lib/sweeps/schedule";
import { requestSweepRun, startSweepWorker, type SweepWorker } from "@/lib/sweeps/sweep-worker";

const INVENTORY = path.resolve("lib/collectors/inventory/fixtures/railway.inventory.json");
const keys = { fingerprintKey: Buffer.from("f".repeat(40)), configKey: Buffer.alloc(32, 3) };

/**
 * pg-boss's TestClock stands in for the wall clock: its cron pass, its polls and the database's idea of
 * "now" (pgboss.job_now()) all follow it, so a schedule fires without waiting real minutes. tick()
 * does not wait for job handlers, which do real database work; this ticks a second of pg-boss time at a
 * time until the handlers have done what the test waits for.
 */
async function driveClockUntil(clock: TestClock, done: () => Promise<boolean>, what: string): Promise<void> {
  for (let step = 0; step < 600; step++) {
    if (await done()) return;
    await clock.tick(1000);
    await new Promise((resolve) => setTimeout(resolve, 20)); // lets the handlers' own queries run
  }
  throw new Error(`gave up waiting for ${what}`);
}

/** Lets `seconds` of pg-boss time pass, a second at a time, so that its passes and our handlers all run. */
async function driveClockFor(clock: TestClock, seconds: number): Promise<void> {
  let left = seconds;
  await driveClockUntil(clock, async () => left-- <= 0, `${seconds} s`);
}

const statuses = async (handle: DatabaseHandle, source: Source) => (await listSweepsOfSource(handle.db, source.id)).map((s) => s.status);

describeEachDriver("sweep scheduling on pg-boss", (testDb) => {
  // One database, worker and clock for the single-instance tests (a fresh PGlite costs many seconds).
  // pg-boss keeps the clock's times in its tables (the last cron pass, job times), so the clock only
  // ever moves forward: each test computes its occurrences from the clock's time, not the wall clock.
  let handle: DatabaseHandle & { url?: string };
  let clock: TestClock;
  beforeAll(async () => {
    handle = await testDb.create();
    clock = new TestClock();
    await startWorker(handle, clock);
  });
  afterAll(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    await handle?.close();
  });
  // Resources of the multi-instance tests, which get databases of their own.
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(1).reverse()) await cleanup(); // [0] is the shared worker
  });
  const freshDatabase = async () => {
    const fresh = await testDb.create();
    cleanups.push(() => fresh.close());
    return fresh;
  };
  const startWorker = async (database: DatabaseHandle, workerClock: TestClock, log?: (line: string) => void) => {
    const worker: SweepWorker = await startSweepWorker({ database, ...keys, clock: workerClock, log: log ?? (() => {}) });
    cleanups.push(() => worker.stop());
    return worker;
  };
  const scheduledSource = (db: DatabaseHandle, name: string, schedule: string, timezone = "UTC") =>
    createSourceFromInput(db.db, { name, collector: "inventory", config: { file: INVENTORY }, schedule, timezone }, keys.configKey);
  const nextOccurrence = (source: Source) => nextRunAfter(source.schedule!, source.timezone, new Date(clock.now()))!;

  it("a source's cron schedule fires once per occurrence, queues one sweep, which runs; the next run moves on", async () => {
    const source = await scheduledSource(handle, "railway-every-5", "*/5 * * * *", "Europe/Paris");
    const due = nextOccurrence(source);
    expect(due.getUTCMinutes() % 5).toBe(0);
    await clock.setTime(due.getTime() - 10_000);
    await driveClockFor(clock, 5); // before the occurrence: nothing
    expect(await statuses(handle, source)).toEqual([]);

    await clock.setTime(due.getTime() + 1000);
    await driveClockUntil(clock, async () => (await statuses(handle, source)).includes("succeeded"), "the scheduled sweep");
    // Later cron passes still see the occurrence inside pg-boss's one-minute due window: no second job.
    await driveClockFor(clock, 90);
    const sweeps = await listSweepsOfSource(handle.db, source.id);
    expect(sweeps.map((s) => [s.status, s.trigger])).toEqual([["succeeded", "schedule"]]);
    expect((await getSourceOrThrow(handle.db, source.id)).nextRunAt).toEqual(new Date(due.getTime() + 5 * 60_000));
    await deleteSourceAndSchedule(handle.db, source.id);
  });

  it("run now runs at once (409 while the source is queued or running), and the source runs again after", async () => {
    const source = await createSourceFromInput(handle.db, { name: "manual-only", collector: "inventory", config: { file: INVENTORY } }, keys.configKey);
    const first = await requestSweepRun(handle.db, source.id);
    expect(first).toMatchObject({ status: "queued", trigger: "manual" });
    await expect(requestSweepRun(handle.db, source.id)).rejects.toMatchObject({ code: "conflict:sweep_running" });
    await driveClockUntil(clock, async () => (await getSweepOrThrow(handle.db, first.id)).status === "succeeded", "the first run");

    const second = await requestSweepRun(handle.db, source.id);
    await driveClockUntil(clock, async () => (await getSweepOrThrow(handle.db, second.id)).status === "succeeded", "the second run");
  });

  it("a sweep cancelled while queued is never claimed, so its job starts nothing", async () => {
    const source = await createSourceFromInput(handle.db, { name: "cancelled-early", collector: "inventory", config: { file: INVENTORY } }, keys.configKey);
    const queued = await queueSweep(handle.db, source.id, "manual"); // no job yet: nothing can take it first
    await requestSweepCancel(handle.db, queued.id);
    expect(await claimQueuedSweep(handle.db, queued.id)).toBeNull();
    expect(await getSweepOrThrow(handle.db, queued.id)).toMatchObject({ status: "cancelled", startedAt: null });
  });

  it("a run that falls due while the source has a sweep queued is skipped, not stacked", async () => {
    const source = await scheduledSource(handle, "busy", "0 * * * *");
    const due = nextOccurrence(source);
    // Queued without a job (as the CLI would), so it is still queued when the schedule fires.
    const queued = await queueSweep(handle.db, source.id, "manual");

    await clock.setTime(due.getTime() + 1000);
    const movedOn = async () => (await getSourceOrThrow(handle.db, source.id)).nextRunAt!.getTime() > due.getTime();
    await driveClockUntil(clock, movedOn, "the scheduled run");
    expect(await statuses(handle, source)).toEqual(["queued"]);
    await requestSweepCancel(handle.db, queued.id);
    await deleteSourceAndSchedule(handle.db, source.id);
  });

  it("editing, disabling and deleting a source follow into its pg-boss schedule", async () => {
    const source = await scheduledSource(handle, "edited", "0 3 * * *", "Europe/Paris");
    const schedule = async () =>
      (
        await queryRows<{ cron: string; timezone: string }>(
          handle.db,
          sql`select cron, timezone from pgboss.schedule where name = ${DUE_QUEUE} and key = ${String(source.id)}`,
        )
      ).map((s) => [s.cron, s.timezone]);

    expect(await schedule()).toEqual([["0 3 * * *", "Europe/Paris"]]);
    const input = { name: "edited", collector: "inventory", config: { file: INVENTORY }, timezone: "UTC" };
    await updateSourceFromInput(handle.db, source.id, { ...input, schedule: "15 4 * * 1" }, keys.configKey);
    expect(await schedule()).toEqual([["15 4 * * 1", "UTC"]]);
    await updateSourceFromInput(handle.db, source.id, { ...input, schedule: "15 4 * * 1", enabled: false }, keys.configKey);
    expect(await schedule()).toEqual([]);
    await updateSourceFromInput(handle.db, source.id, { ...input, schedule: "15 4 * * 1" }, keys.configKey);
    await deleteSourceAndSchedule(handle.db, source.id);
    expect(await schedule()).toEqual([]);
  });

  // Two instances need a server: embedded PGlite allows one process and one pg-boss, so these run on the server drivers only.
  if (testDb.driver !== "pglite")
  it("two app instances on one Postgres run each due sweep exactly once", async () => {
    const first = await freshDatabase();
    const second = await openDatabase({ driver: testDb.driver, url: first.url! });
    cleanups.push(() => second.close());
    const sources: Source[] = [];
    for (let i = 0; i < 6; i++) sources.push(await scheduledSource(first, `shared-${i}`, "*/10 * * * *"));
    const due = Math.max(...sources.map((s) => s.nextRunAt!.getTime()));

    // Both instances follow one clock, as pg-boss's own multi-instance tests do.
    const shared = new TestClock(due - 10_000);
    const ran: string[][] = [[], []];
    await startWorker(first, shared, (line) => ran[0].push(line));
    await startWorker(second, shared, (line) => ran[1].push(line));
    await shared.setTime(due + 1000);
    const allDone = async () => (await Promise.all(sources.map((s) => statuses(first, s)))).every((st) => st.includes("succeeded"));
    await driveClockUntil(shared, allDone, "six scheduled sweeps");
    await driveClockFor(shared, 90);

    const sweepIds: number[] = [];
    for (const source of sources) {
      const sweeps = await listSweepsOfSource(first.db, source.id);
      expect(sweeps.map((s) => s.status)).toEqual(["succeeded"]);
      sweepIds.push(sweeps[0].id);
    }
    const logged = [...ran[0], ...ran[1]].map((line) => Number(/sweep (\d+) succeeded/.exec(line)?.[1])).sort((x, y) => x - y);
    expect(logged).toEqual(sweepIds.sort((x, y) => x - y));
  });

  if (testDb.driver === "pg")
  it("two app processes on one Postgres run each due sweep exactly once", async () => {
    const database = await freshDatabase();
    const sources: Source[] = [];
    for (let i = 0; i < 4; i++) sources.push(await scheduledSource(database, `process-${i}`, "0 0 1 1 *"));
    // The due jobs, as pg-boss's cron pass sends them (the test above drives the cron pass itself; here
    // two processes with their own real clocks could not share a TestClock).
    const boss = await startJobQueue(database, { onError: () => {} });
    for (const source of sources) await boss.send(DUE_QUEUE, { sourceId: source.id });
    await boss.stop();

    const worker = () =>
      promisify(execFile)("npx", ["tsx", "lib/sweeps/testing/worker-process.ts", database.url!, sources.map((s) => s.id).join(",")], { timeout: 100_000 }).then(
        ({ stdout }) => JSON.parse(stdout.trim().split("\n").at(-1)!) as { ran: number[] }, // its last line: modules may log before
      );
    const [a, b] = await Promise.all([worker(), worker()]);
    const ran = [...a.ran, ...b.ran].sort((x, y) => x - y);
    const sweepIds: number[] = [];
    for (const source of sources) {
      const sweeps = await listSweepsOfSource(database.db, source.id);
      expect(sweeps.map((s) => [s.status, s.trigger, s.error])).toEqual([["succeeded", "schedule", null]]);
      sweepIds.push(sweeps[0].id);
    }
    expect(ran).toEqual(sweepIds.sort((x, y) => x - y));
  }, 120_000);
});
