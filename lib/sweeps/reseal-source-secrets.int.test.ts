import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/lib/db/client";
import { createSource, getSourceOrThrow } from "@/lib/db/queries/sources";
import { resealLegacySourceSecrets } from "@/lib/sweeps/reseal-source-secrets";
import { deriveConfigKey, openSecrets, sealSecrets } from "@/lib/sweeps/source-secrets";
import { createTestDatabase } from "@/lib/sweeps/testing/test-database";

const AUTH_SECRET = "an-auth-secret-that-signs-sessions-0000";
const legacyKey = deriveConfigKey(AUTH_SECRET);
const configKey = Buffer.alloc(32, 5);
const PASSWORD = "FAKE-pg-password-legacy";

/** What sealSecrets wrote before the config key was its own: the same box, labelled v1, under the derived key. */
const legacySeal = (secrets: Record<string, string>, key: Buffer) => sealSecrets(secrets, key).replace(/^v2\./, "v1.");

describe("F8: source secrets no longer hang on the session secret", () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await createTestDatabase();
  });
  afterAll(async () => {
    await handle?.close();
  });

  it("seals secrets sealed under the old derivation again under the config key; rotating the auth secret then leaves them readable", async () => {
    const base = { collector: "postgres", config: { url: "postgres://u:••••••@h/db" }, schedule: null, timezone: "UTC", enabled: true, timeoutSeconds: 60, nextRunAt: null };
    const old = await createSource(handle.db, { ...base, name: "old", secretConfig: legacySeal({ url: PASSWORD }, legacyKey) });
    const lost = await createSource(handle.db, { ...base, name: "lost", secretConfig: legacySeal({ url: PASSWORD }, deriveConfigKey("an-auth-secret-from-long-ago-00000000")) });
    const current = await createSource(handle.db, { ...base, name: "current", secretConfig: sealSecrets({ url: PASSWORD }, configKey) });

    expect(await resealLegacySourceSecrets(handle.db, { configKey, legacyKey })).toEqual({ resealed: 1, unreadable: 1 });
    const resealed = (await getSourceOrThrow(handle.db, old.id)).secretConfig!;
    expect(resealed.startsWith("v2.")).toBe(true);
    expect(openSecrets(resealed, configKey)).toEqual({ url: PASSWORD });
    expect(() => openSecrets(resealed, legacyKey)).toThrow(/cannot be decrypted/); // the session secret no longer opens it
    expect((await getSourceOrThrow(handle.db, lost.id)).secretConfig).toBe(lost.secretConfig); // left for the user to enter again
    expect((await getSourceOrThrow(handle.db, current.id)).secretConfig).toBe(current.secretConfig);

    expect(await resealLegacySourceSecrets(handle.db, { configKey, legacyKey })).toEqual({ resealed: 0, unreadable: 1 });
  });
});
