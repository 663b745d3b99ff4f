import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { resetEnvForTests } from "@/lib/env";
import { getServerSecrets, resetServerSecretsForTests } from "@/lib/server-secrets";

const VARS = ["BLASTMAP_DATA_DIR", "BLASTMAP_AUTH_SECRET", "BLASTMAP_FINGERPRINT_KEY", "BLASTMAP_CONFIG_KEY"] as const;

describe("server secrets", () => {
  let dir: string;
  const saved: Record<string, string | undefined> = {};
  const reload = () => {
    resetEnvForTests();
    resetServerSecretsForTests();
    return getServerSecrets();
  };
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "blastmap-secrets-"));
    for (const name of VARS) saved[name] = process.env[name];
    for (const name of VARS) delete process.env[name];
    process.env.BLASTMAP_DATA_DIR = dir;
  });
  afterEach(() => {
    for (const name of VARS) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
    reload();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("F8: generates the config key into the data folder, owner-only, and keeps it when the auth secret changes", () => {
    const first = reload();
    const file = path.join(dir, "config-key");
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(first.configKey).toHaveLength(32);
    expect(reload().configKey.equals(first.configKey)).toBe(true);

    process.env.BLASTMAP_AUTH_SECRET = "a-new-auth-secret-after-rotation-000000";
    process.env.BLASTMAP_FINGERPRINT_KEY = "a-fingerprint-key-given-by-the-operator-0";
    const rotated = reload();
    expect(rotated.authSecret).not.toBe(first.authSecret);
    expect(rotated.configKey.equals(first.configKey)).toBe(true);
  });

  it("takes BLASTMAP_CONFIG_KEY when set", () => {
    const generated = reload().configKey;
    process.env.BLASTMAP_CONFIG_KEY = "an-operator-chosen-config-key-0123456789";
    const given = reload().configKey;
    expect(given.equals(generated)).toBe(false);
    expect(reload().configKey.equals(given)).toBe(true);
  });
});
