/**
 * One "app instance" for the two-process test: starts a sweep worker (pg-boss, real clock) on the
 * database at argv[2], waits until every source in argv[3] (comma-separated ids) has a finished sweep,
 * stops, and prints the ids of the sweeps this process ran as JSON, on the last line.
 */
import { openDatabase } from "@/lib/db/client";
import { listSweepsOfSource } from "@/lib/db/queries/sweeps";
import { startSweepWorker } from "@/lib/sweeps/sweep-worker";

const [url, sourceList] = process.argv.slice(2);
const sourceIds = sourceList.split(",").map(Number);
const handle = await openDatabase({ driver: "pg", url });
const ran: number[] = [];
try {
  const worker = await startSweepWorker({
    database: handle,
    fingerprintKey: Buffer.from("f".repeat(40)),
    configKey: Buffer.alloc(32, 3),
    log: (line) => {
      const sweepId = /sweep (\d+) succeeded/.exec(line)?.[1];
      if (sweepId) ran.push(Number(sweepId));
    },
  });
  const finished = async (sourceId: number) => (await listSweepsOfSource(handle.db, sourceId)).some((s) => !["queued", "running"].includes(s.status));
  while (!(await Promise.all(sourceIds.map(finished))).every(Boolean)) await new Promise((resolve) => setTimeout(resolve, 200));
  await worker.stop();
  process.stdout.write(`\n${JSON.stringify({ ran })}\n`);
} finally {
  await handle.close();
}
