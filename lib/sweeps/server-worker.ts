/**
 * The sweep worker of the Next server process, started once from instrumentation.ts. Kept on globalThis
 * so development reloads do not start a second one (on PGlite, two pg-boss instances must never start
 * on the same database). Stopped on SIGTERM / SIGINT, so the sweeps it runs end as cancelled and its
 * pg-boss jobs are released instead of waiting for their heartbeat to expire.
 */
import { getServerDatabase } from "@/lib/db/server-db";
import { getServerSecrets } from "@/lib/server-secrets";
import { deriveConfigKey } from "@/lib/sweeps/source-secrets";
import { resealLegacySourceSecrets } from "@/lib/sweeps/reseal-source-secrets";
import { startSweepWorker, type SweepWorker } from "@/lib/sweeps/sweep-worker";

const holder = globalThis as unknown as { blastmapSweepWorker?: Promise<SweepWorker> };

/**
 * Seals again, under the config key, the source secrets sealed under the old derivation. Awaited by
 * instrumentation.ts before the server answers, so no request meets an old seal.
 */
export async function resealSourceSecretsAtStart(): Promise<void> {
  const secrets = getServerSecrets();
  const database = await getServerDatabase();
  const { resealed, unreadable } = await resealLegacySourceSecrets(database.db, { configKey: secrets.configKey, legacyKey: deriveConfigKey(secrets.authSecret) });
  if (resealed > 0) console.log(`sources: sealed the secrets of ${resealed} source(s) again under the config key`);
  if (unreadable > 0) console.error(`sources: the secrets of ${unreadable} source(s) cannot be opened (the auth secret changed since): enter them again`);
}

export function startServerSweepWorker(): Promise<SweepWorker> {
  holder.blastmapSweepWorker ??= (async () => {
    const secrets = getServerSecrets();
    const database = await getServerDatabase();
    const worker = await startSweepWorker({ database, fingerprintKey: secrets.fingerprintKey, configKey: secrets.configKey });
    for (const signal of ["SIGTERM", "SIGINT"] as const) {
      process.once(signal, () => {
        // Next's own handler exits once requests are drained; where none is installed, exit as the
        // signal would have once the worker has stopped.
        void worker.stop().catch(() => {}).finally(() => {
          if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
        });
      });
    }
    return worker;
  })().catch((error) => {
    holder.blastmapSweepWorker = undefined;
    throw error;
  });
  return holder.blastmapSweepWorker;
}
