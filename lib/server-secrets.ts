/**
 * The auth secret and the fingerprint key. Taken from the environment when set; otherwise generated on
 * first run and kept in the data directory, readable by the owner only. Never logged.
 */
import { randomBytes } from "node:crypto";
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
}

let cached: ServerSecrets | undefined;

export function getServerSecrets(): ServerSecrets {
  if (cached) return cached;
  const env = getEnv();
  const stored = env.BLASTMAP_AUTH_SECRET && env.BLASTMAP_FINGERPRINT_KEY ? undefined : loadOrCreateSecretsFile();
  cached = {
    authSecret: env.BLASTMAP_AUTH_SECRET ?? stored!.authSecret,
    fingerprintKey: Buffer.from(env.BLASTMAP_FINGERPRINT_KEY ?? stored!.fingerprintKey, "utf8"),
  };
  return cached;
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
