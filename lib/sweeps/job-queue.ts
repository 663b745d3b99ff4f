/**
 * The job queue the sweeps run on: pg-boss, in its own schema ("pgboss") of the app's database.
 *   - Postgres / Neon: its own small node-postgres pool on the same URL (Neon accepts plain TCP too).
 *   - Embedded PGlite: pg-boss's PGlite backend on the one PGlite instance the app already holds; only
 *     this process may open the folder, and the server starts one queue per process (server-worker.ts).
 *
 * Two queues:
 *   - sweep-due: the target of each source's cron schedule (key = source id). pg-boss's cron pass runs
 *     on one instance at a time and files one job per occurrence, so a due run fires once whatever
 *     the number of instances.
 *   - sweep-run: one job per queued sweep row. Workers fetch with SKIP LOCKED (one runner per job);
 *     the "singleton" policy keyed on the source lets at most one run of a source be active.
 */
import { PgBoss, fromPglite, type Clock, type Queue } from "pg-boss";
import type { DatabaseHandle } from "@/lib/db/client";
import type { Sweep } from "@/lib/db/schema";

export const DUE_QUEUE = "sweep-due";
export const RUN_QUEUE = "sweep-run";
const SCHEMA = "pgboss";

export interface DueJob {
  sourceId: number;
}
export interface RunJob {
  sweepId: number;
  sourceId: number;
}

/** pg-boss's ceiling, and the longest timeout a source may set (manage-sources.ts). */
const LONGEST_SWEEP_SECONDS = 24 * 3600;

/**
 * A job fails only when the database does (a sweep that fails is a finished job); it is retried, which
 * is safe: a sweep is claimed queued → running at most once, and a due run finding its sweep already
 * queued skips.
 */
const RETRIES = { retryLimit: 2, retryDelay: 5, retryBackoff: true };

const QUEUES: Queue[] = [
  { name: DUE_QUEUE, ...RETRIES },
  {
    name: RUN_QUEUE,
    policy: "singleton",
    ...RETRIES,
    // Our own timeout stops a sweep first; pg-boss's expiry is the backstop. The heartbeat lets pg-boss
    // free the source when the process running it dies.
    expireInSeconds: LONGEST_SWEEP_SECONDS,
    heartbeatSeconds: 60,
  },
];

export interface JobQueueOptions {
  /** pg-boss's clock: its TestClock in tests, so a schedule fires without waiting real minutes. */
  clock?: Clock;
  /** pg-boss reports background failures (a poll, its maintenance) as events; unheard, they would throw. */
  onError: (error: Error) => void;
}

/** Starts pg-boss on the database (creating or migrating its schema) and makes sure both queues exist. */
export async function startJobQueue(handle: DatabaseHandle, options: JobQueueOptions): Promise<PgBoss> {
  const connection = handle.jobsConnection;
  const boss = new PgBoss({
    schema: SCHEMA,
    ...("pglite" in connection ? { db: fromPglite(connection.pglite), backend: "pglite" as const } : { connectionString: connection.url, max: 3 }),
    ...(options.clock ? { clock: options.clock } : {}),
    // The instance registry and its heartbeat are for pg-boss's dashboard, which we do not ship.
    registerInstance: false,
  });
  boss.on("error", options.onError);
  await boss.start();
  // createQueue takes an advisory lock and leaves an existing queue alone: safe from every instance.
  for (const queue of QUEUES) await boss.createQueue(queue.name, queue);
  return boss;
}

/**
 * Sends the job that runs a queued sweep. The job id is derived from the sweep id, so sending it twice
 * (the run-now request, then a worker adopting queued rows at start) makes one job.
 */
export async function sendRunJob(boss: PgBoss, sweep: Pick<Sweep, "id" | "sourceId">): Promise<void> {
  const data: RunJob = { sweepId: sweep.id, sourceId: sweep.sourceId };
  await boss.send(RUN_QUEUE, data, { id: runJobId(sweep.id), singletonKey: String(sweep.sourceId) });
}

function runJobId(sweepId: number): string {
  return `00000000-0000-4000-8000-${sweepId.toString(16).padStart(12, "0")}`;
}
