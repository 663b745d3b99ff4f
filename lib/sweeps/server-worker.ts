/**
 * The sweep worker of the Next server process, started once from instrumentation.ts. Kept on globalThis
 * so development reloads do not start a second loop.
 */
import { getDb } from "@/lib/db/server-db";
import { getServerSecrets } from "@/lib/server-secrets";
import { deriveConfigKey } from "@/lib/sweeps/source-secrets";
import { startSweepWorker, type SweepWorker } from "@/lib/sweeps/sweep-worker";

const holder = globalThis as unknown as { blastmapSweepWorker?: Promise<SweepWorker> };

export function startServerSweepWorker(): Promise<SweepWorker> {
  holder.blastmapSweepWorker ??= (async () => {
    const secrets = getServerSecrets();
    const db = await getDb();
    return startSweepWorker({ db, fingerprintKey: secrets.fingerprintKey, configKey: deriveConfigKey(secrets.authSecret) });
  })().catch((error) => {
    holder.blastmapSweepWorker = undefined;
    throw error;
  });
  return holder.blastmapSweepWorker;
}

/** Wakes this process's worker after a sweep was queued here (other instances find it on their next poll). */
export function pokeSweepWorker(): void {
  void holder.blastmapSweepWorker?.then((worker) => worker.poke()).catch(() => {});
}
