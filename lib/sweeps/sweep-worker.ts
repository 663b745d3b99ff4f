/**
 * The sweep worker of one app instance, on the pg-boss job queue (job-queue.ts). Every instance runs
 * the same worker against the shared database; pg-boss, not the process, decides who does what:
 *   - each enabled, scheduled source has a pg-boss cron schedule (its cron + time zone, key = source
 *     id) whose occurrences send one sweep-due job each, whatever the number of instances. The job's
 *     handler queues a sweep row (the UI shows "queued" at once) and sends its sweep-run job; a run
 *     that falls due while the source has a queued or running sweep is skipped, not stacked;
 *   - run now queues the row and sends the sweep-run job in the request (requestSweepRun);
 *   - a sweep-run job is fetched by one worker (SKIP LOCKED), at most one per source is active
 *     (singleton policy), and its handler claims the row queued → running with a conditional update,
 *     so a sweep cancelled while queued never starts.
 * The unique partial index sweeps_one_active_uq stays the final guard: one queued-or-running sweep per
 * source. The sweeps table stays the history the user sees (progress, logs, diff); croner
 * (schedule.ts) validates schedules and computes the "next run" the UI shows.
 */
import type { Clock, PgBoss } from "pg-boss";
import type { DatabaseHandle, Db } from "@/lib/db/client";
import { getSource, listSources, updateSource } from "@/lib/db/queries/sources";
import { claimQueuedSweep, failAbandonedSweeps, listActiveSweeps, queueSweep } from "@/lib/db/queries/sweeps";
import type { Source, Sweep } from "@/lib/db/schema";
import { describeError, isAppError } from "@/lib/errors";
import { sourceBatchProducer } from "@/lib/sweeps/collect-source";
import { DUE_QUEUE, RUN_QUEUE, sendRunJob, startJobQueue, type DueJob, type RunJob } from "@/lib/sweeps/job-queue";
import { runSweep } from "@/lib/sweeps/run-sweep";
import { nextRunAfter } from "@/lib/sweeps/schedule";

export interface SweepWorkerDeps {
  database: DatabaseHandle;
  fingerprintKey: Buffer;
  configKey: Buffer;
  /** pg-boss's clock (its TestClock in tests); also the "now" that next runs are computed from. */
  clock?: Clock;
  log?: (line: string) => void;
  /** A running sweep without a heartbeat for this long is failed (default 2 minutes). */
  abandonedAfterMs?: number;
}

export interface SweepWorker {
  /** Brings one source's pg-boss schedule in line with the source (after a create, edit or delete). */
  syncSourceSchedule(sourceId: number): Promise<void>;
  /** Stops fetching, cancels the sweeps this instance is running, and stops pg-boss. */
  stop(): Promise<void>;
}

/**
 * The worker started on each database in this process: run now and source edits go through it. On
 * globalThis because Next bundles instrumentation.ts (which starts it) apart from the routes using it.
 */
const registry = globalThis as unknown as { blastmapSweepWorkers?: WeakMap<Db, { worker: SweepWorker; sendRun: (sweep: Sweep) => Promise<void> }> };
const workers = (registry.blastmapSweepWorkers ??= new WeakMap());

export async function startSweepWorker(deps: SweepWorkerDeps): Promise<SweepWorker> {
  const { db } = deps.database;
  const log = deps.log ?? ((line: string) => console.error(line));
  const now = () => new Date(deps.clock?.now() ?? Date.now());
  const abandonedAfterMs = deps.abandonedAfterMs ?? 120_000;
  const stopping = new AbortController();
  const boss = await startJobQueue(deps.database, { clock: deps.clock, onError: (error) => log(`sweeps: job queue: ${describeError(error)}`) });

  let runWorkerId: string | undefined;
  const sendRun = async (sweep: Sweep) => {
    await sendRunJob(boss, sweep);
    // This instance fetches at once instead of at its next poll (up to 2 s); others poll as usual.
    if (runWorkerId) boss.notifyWorker(runWorkerId);
  };

  const syncSourceSchedule = async (sourceId: number) => {
    const source = await getSource(db, sourceId);
    if (source && isScheduled(source)) await scheduleSource(boss, db, source, now());
    else await boss.unschedule(DUE_QUEUE, String(sourceId));
  };

  const queueScheduledSweep = async ({ sourceId }: DueJob) => {
    const source = await getSource(db, sourceId);
    if (!source || !isScheduled(source)) {
      await boss.unschedule(DUE_QUEUE, String(sourceId)); // deleted or disabled since
      return;
    }
    await updateSource(db, source.id, { nextRunAt: nextRunAfter(source.schedule, source.timezone, now()) });
    try {
      await sendRun(await queueSweep(db, source.id, "schedule"));
    } catch (error) {
      if (!isAppError(error) || error.code !== "conflict:sweep_running") throw error;
      log(`sweeps: source "${source.name}" is still sweeping; skipped the scheduled run`);
    }
  };

  const runQueuedSweep = async ({ sweepId }: RunJob, jobSignal: AbortSignal) => {
    const sweep = await claimQueuedSweep(db, sweepId);
    if (!sweep) return; // cancelled while queued, or already run
    const source = await getSource(db, sweep.sourceId);
    if (!source) return;
    const outcome = await runSweep(db, sweep, {
      produce: sourceBatchProducer(source, deps.configKey),
      fingerprintKey: deps.fingerprintKey,
      timeoutMs: source.timeoutSeconds * 1000,
      signal: AbortSignal.any([jobSignal, stopping.signal]),
    });
    log(`sweeps: sweep ${outcome.sweepId} ${outcome.status}${outcome.status === "succeeded" ? "" : `: ${outcome.error}`}`);
  };

  // Once a minute: running sweeps whose process died are failed, and queued sweeps get their job (one
  // queued by the CLI, or whose send failed); sending a sweep's job again is a no-op (job-queue.ts).
  const recover = async () => {
    await failAbandonedSweeps(db, new Date(Date.now() - abandonedAfterMs));
    for (const sweep of await listActiveSweeps(db)) if (sweep.status === "queued") await sendRunJob(boss, sweep);
  };
  const recoverTimer = setInterval(() => void recover().catch((error: unknown) => log(`sweeps: ${describeError(error)}`)), 60_000);
  recoverTimer.unref();

  const worker: SweepWorker = {
    syncSourceSchedule,
    async stop() {
      if (workers.get(db)?.worker === worker) workers.delete(db);
      clearInterval(recoverTimer);
      stopping.abort(); // running sweeps end as cancelled and roll back; their jobs then complete
      await boss.stop({ graceful: true, timeout: 30_000 });
    },
  };
  try {
    await recover();
    await syncAllSchedules(boss, db, now());
    await boss.work<DueJob>(DUE_QUEUE, { batchSize: 1 }, ([job]) => queueScheduledSweep(job.data));
    runWorkerId = await boss.work<RunJob>(RUN_QUEUE, { batchSize: 1 }, ([job]) => runQueuedSweep(job.data, job.signal));
  } catch (error) {
    await worker.stop().catch(() => {});
    throw error;
  }
  workers.set(db, { worker, sendRun });
  return worker;
}

/**
 * Run now: queues a sweep of the source (conflict:sweep_running when one is queued or running) and sends
 * its job through this process's worker. Without a worker here (the CLI) the row waits, queued, for the
 * next worker to start, which sends the jobs of queued sweeps.
 */
export async function requestSweepRun(db: Db, sourceId: number): Promise<Sweep> {
  const sweep = await queueSweep(db, sourceId, "manual");
  await workers.get(db)?.sendRun(sweep);
  return sweep;
}

/** After a source was created, edited or deleted; without a worker here, the next one to start syncs all. */
export async function syncSourceSchedule(db: Db, sourceId: number): Promise<void> {
  await workers.get(db)?.worker.syncSourceSchedule(sourceId);
}

function isScheduled(source: Source): source is Source & { schedule: string } {
  return source.enabled && source.schedule !== null;
}

/** pg-boss upserts a schedule by (queue, key), so this is safe to repeat. */
async function scheduleSource(boss: PgBoss, db: Db, source: Source & { schedule: string }, now: Date): Promise<void> {
  const data: DueJob = { sourceId: source.id };
  await boss.schedule(DUE_QUEUE, source.schedule, data, { tz: source.timezone, key: String(source.id) });
  if (!source.nextRunAt || source.nextRunAt <= now) {
    await updateSource(db, source.id, { nextRunAt: nextRunAfter(source.schedule, source.timezone, now) }); // it was down when this run was due
  }
}

/** At start: every scheduled source gets its schedule, and schedules of deleted or disabled sources go. */
async function syncAllSchedules(boss: PgBoss, db: Db, now: Date): Promise<void> {
  const scheduled = (await listSources(db)).filter(isScheduled);
  for (const source of scheduled) await scheduleSource(boss, db, source, now);
  const keep = new Set(scheduled.map((source) => String(source.id)));
  for (const schedule of await boss.getSchedules(DUE_QUEUE)) {
    if (!keep.has(schedule.key)) await boss.unschedule(DUE_QUEUE, schedule.key);
  }
}
