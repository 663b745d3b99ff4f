/**
 * Next.js start-up hook: starts this instance's sweep worker (schedules + queued sweeps) in the Node.js
 * server runtime only. Safe with several instances: the database decides which one runs each sweep.
 */
export async function register(): Promise<void> {
  const { getEnv } = await import("@/lib/env");
  if (getEnv().NEXT_RUNTIME !== "nodejs") return;
  const { startServerSweepWorker } = await import("@/lib/sweeps/server-worker");
  startServerSweepWorker().catch((error: unknown) => {
    // The app still serves pages; sweeps wait until the next start. Never log the error object itself.
    console.error(`sweeps: the sweep worker did not start: ${error instanceof Error ? error.message : String(error)}`);
  });
}
