/**
 * The auth secret, the fingerprint key and the config key. Taken from the environment when set; otherwise
 * generated on first run and kept in the data directory, readable by the owner only. Never logged.
 *
 * The config key seals source secrets (lib/sweeps/source-secrets.ts). It used to be derived from the auth
 * secret, so rotating the session secret made every stored source password unreadable; it is its own key
 * now, in its own file, and seals made under the old derivation are sealed again at start-up
 * (lib/sweeps/reseal-source-secrets.ts).
 */
import { hkdfSync, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import { ensureDataDir } from "@/lib/data-dir";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";

const storedSecretsSchema = z.object({
  authSecret: z.string().min(32),
  fingerprintKey: z.string().min(32),
});

export interface ServerSecrets {
  authSecret: string;
  fingerprintKey: Buffer;
  /** AES-256 key for source secrets. */
  configKey: Buffer;
}

let cached: ServerSecrets | undefined;

export function getServerSecrets(): ServerSecrets {
  if (cached) return cached;
  const env = getEnv();
  const stored = env.BLASTMAP_AUTH_SECRET && env.BLASTMAP_FINGERPRINT_KEY ? undefined : loadOrCreateSecretsFile();
  cached = {
    authSecret: env.BLASTMAP_AUTH_SECRET ?? stored!.authSecret,
    fingerprintKey: Buffer.from(env.BLASTMAP_FINGERPRINT_KEY ?? stored!.fingerprintKey, "utf8"),
    configKey: configKeyFrom(env.BLASTMAP_CONFIG_KEY ?? loadOrCreateConfigKeyFile()),
  };
  return cached;
}

/** Any string of 32 characters or more, made into the 32 bytes AES-256 takes. */
export function configKeyFrom(value: string): Buffer {
  return Buffer.from(hkdfSync("sha256", value, "blastmap", "source-config-v2", 32));
}

/**
 * Its own file, created exclusively: data folders made before the key existed get one on their next start,
 * and two processes starting at once cannot each write a different key.
 */
function loadOrCreateConfigKeyFile(): string {
  const file = path.join(ensureDataDir(), "config-key");
  try {
    fs.writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600, flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  const value = fs.readFileSync(file, "utf8").trim();
  if (value.length < 32) throw new AppError("config:data_dir", `${file} is damaged. Restore it from a backup; without it, stored source secrets must be entered again.`);
  return value;
}

/** For tests that change the environment or the data folder. */
export function resetServerSecretsForTests(): void {
  cached = undefined;
}

function loadOrCreateSecretsFile(): z.infer<typeof storedSecretsSchema> {
  const file = path.join(ensureDataDir(), "secrets.json");
  if (fs.existsSync(file)) {
    const parsed = storedSecretsSchema.safeParse(readJson(file));
    if (!parsed.success) {
      throw new AppError(
        "config:data_dir",
        `${file} is damaged. Restore it from a backup; deleting it signs everyone out and changes every credential fingerprint.`,
      );
    }
    return parsed.data;
  }
  const fresh = { authSecret: randomBytes(32).toString("base64url"), fingerprintKey: randomBytes(32).toString("base64url") };
  // "wx": never overwrite a file another process created a moment ago.
  try {
    fs.writeFileSync(file, JSON.stringify(fresh, null, 2), { mode: 0o600, flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return loadOrCreateSecretsFile();
    throw error;
  }
  return fresh;
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8"));
  } catch {
    return undefined;
  }
}
