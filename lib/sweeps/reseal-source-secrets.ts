/**
 * Source secrets sealed under the key derived from the auth secret ("v1") are opened with that key and
 * sealed again under the config key of their own ("v2"), once, at start-up, before the server answers
 * requests. A seal the old key cannot open (the auth secret was changed since) is left as it is: using the
 * source says to enter its secrets again.
 */
import type { Db } from "@/lib/db/client";
import { listSourcesWithLegacySecrets, replaceSealedSecrets } from "@/lib/db/queries/sources";
import { openSecrets, sealSecrets } from "@/lib/sweeps/source-secrets";

export interface ResealResult {
  resealed: number;
  unreadable: number;
}

export async function resealLegacySourceSecrets(db: Db, keys: { configKey: Buffer; legacyKey: Buffer }): Promise<ResealResult> {
  const result: ResealResult = { resealed: 0, unreadable: 0 };
  for (const source of await listSourcesWithLegacySecrets(db)) {
    let secrets: Record<string, string>;
    try {
      secrets = openSecrets(source.secretConfig, keys.legacyKey);
    } catch {
      result.unreadable++;
      continue;
    }
    if (await replaceSealedSecrets(db, source.id, source.secretConfig!, sealSecrets(secrets, keys.configKey))) result.resealed++;
  }
  return result;
}
