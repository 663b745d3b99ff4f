import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/lib/db/client";
import { getSourceOrThrow } from "@/lib/db/queries/sources";
import { createSourceFromInput, toPublicSource, updateSourceFromInput } from "@/lib/sweeps/manage-sources";
import { mergeSecrets, openSecrets } from "@/lib/sweeps/source-secrets";
import { createTestDatabase } from "@/lib/sweeps/testing/test-database";

const configKey = Buffer.alloc(32, 8);
const PASSWORD = "FAKE-pg-password-bound";

describe("editing a source's secrets", () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await createTestDatabase();
  });
  afterAll(async () => {
    await handle?.close();
  });

  it("F6: pointing the URL at another host, port, user or database with the masked password drops the password", async () => {
    const created = await createSourceFromInput(handle.db, { name: "pg", collector: "postgres", config: { url: `postgres://auditor:${PASSWORD}@db.internal:5432/app` } }, configKey);
    const shown = toPublicSource(created);
    // An edit that leaves the URL alone keeps the password.
    await updateSourceFromInput(handle.db, created.id, { ...shown, config: shown.config }, configKey);
    const kept = await getSourceOrThrow(handle.db, created.id);
    expect(mergeSecrets(kept.config, openSecrets(kept.secretConfig, configKey)).url).toBe(`postgres://auditor:${PASSWORD}@db.internal:5432/app`);

    const url = shown.config.url as string;
    for (const moved of [url.replace("db.internal", "evil.test"), url.replace(":5432", ":6432"), url.replace("auditor:", "postgres:"), url.replace("/app", "/postgres")]) {
      await updateSourceFromInput(handle.db, created.id, { ...shown, config: { url: moved } }, configKey);
      const stored = await getSourceOrThrow(handle.db, created.id);
      const sent = mergeSecrets(stored.config, openSecrets(stored.secretConfig, configKey));
      expect(JSON.stringify(sent), moved).not.toContain(PASSWORD);
      // Put it back with the password, for the next case.
      await updateSourceFromInput(handle.db, created.id, { ...shown, config: { url: `postgres://auditor:${PASSWORD}@db.internal:5432/app` } }, configKey);
    }
  });

  it("F5: a password in the URL's query string is sealed, never stored or shown in plain text", async () => {
    const created = await createSourceFromInput(handle.db, { name: "pg-query", collector: "postgres", config: { url: `postgres://auditor@db.internal:5432/app?password=${PASSWORD}&sslmode=require` } }, configKey);
    expect(JSON.stringify(created.config)).not.toContain(PASSWORD);
    expect(JSON.stringify(toPublicSource(created))).not.toContain(PASSWORD);
    expect(mergeSecrets(created.config, openSecrets(created.secretConfig, configKey)).url).toContain(`password=${PASSWORD}`);
  });
});
