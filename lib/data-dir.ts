/**
 * The data directory: embedded database, generated secrets, the process lock. Created owner-only.
 */
import fs from "node:fs";
import { AppError } from "@/lib/errors";
import { getEnv } from "@/lib/env";

export function ensureDataDir(dir = getEnv().dataDir): string {
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    fs.accessSync(dir, fs.constants.W_OK | fs.constants.R_OK);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? "unknown";
    throw new AppError(
      "config:data_dir",
      `Data directory ${dir} is not usable (${reason}). Point BLASTMAP_DATA_DIR at a folder this user can write.`,
      { cause: error },
    );
  }
  return dir;
}
