/**
 * One "app instance" for the two-process test: opens the database at argv[2], queues what is due at the
 * instant argv[3], runs queued sweeps until none is left, and prints what it did as JSON.
 */
import { openDatabase } from "@/lib/db/client";
import { enqueueDueSweeps, runNextQueuedSweep, type SweepWorkerDeps } from "@/lib/sweeps/sweep-worker";

const [url, nowIso] = process.argv.slice(2);
const handle = await openDatabase({ driver: "pg", url });
const now = new Date(nowIso);
const deps: SweepWorkerDeps = { db: handle.db, fingerprintKey: Buffer.from("f".repeat(40)), configKey: Buffer.alloc(32, 3), now: () => now, log: () => {} };
try {
  const queued = await enqueueDueSweeps(deps);
  const ran: number[] = [];
  for (let outcome = await runNextQueuedSweep(deps); outcome; outcome = await runNextQueuedSweep(deps)) ran.push(outcome.sweepId);
  process.stdout.write(JSON.stringify({ queued, ran }));
} finally {
  await handle.close();
}
