/**
 * Next.js start-up hook: starts this instance's sweep worker (pg-boss: source schedules and sweep jobs)
 * in the Node.js server runtime only. Safe with several instances: pg-boss decides which one runs each
 * sweep. The worker stops itself on SIGTERM / SIGINT (lib/sweeps/server-worker.ts).
 *
 * The runtime check reads process.env.NEXT_RUNTIME directly (the one exception to "only lib/env.ts reads
 * the environment"): Next replaces this literal at build time, which is what keeps the Node-only worker
 * and database driver out of the edge bundle of this file.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { resealSourceSecretsAtStart, startServerSweepWorker } = await import("@/lib/sweeps/server-worker");
  // Before the first request: source secrets sealed under the old key derivation are sealed again.
  await resealSourceSecretsAtStart().catch((error: unknown) => {
    console.error(`sources: sealing source secrets again failed: ${error instanceof Error ? error.message : String(error)}`);
  });
  startServerSweepWorker().catch((error: unknown) => {
    // The app still serves pages; sweeps wait for the next start. Only the message: never the object.
    console.error(`sweeps: the sweep worker did not start: ${error instanceof Error ? error.message : String(error)}`);
  });
}
