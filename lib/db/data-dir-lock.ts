/**
 * PGlite has no cross-process locking: a second process opening the same folder would silently diverge.
 * This lock file (holding the owner's pid) turns that into a clear error for the second process.
 */
import fs from "node:fs";
import path from "node:path";
import { AppError } from "@/lib/errors";

export interface DataDirLock {
  release(): void;
}

export function lockDataDir(dir: string): DataDirLock {
  const file = path.join(dir, "blastmap.lock");
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, String(process.pid), { flag: "wx", mode: 0o600 });
      const release = () => fs.rmSync(file, { force: true });
      process.once("exit", release);
      return {
        release() {
          process.removeListener("exit", release);
          release();
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const owner = Number(fs.readFileSync(file, "utf8").trim());
      if (Number.isInteger(owner) && owner > 0 && isAlive(owner)) {
        throw new AppError(
          "database:locked",
          `The embedded database in ${dir} is in use by ${owner === process.pid ? "this process already" : `another Blastmap process (pid ${owner})`}. ` +
            "Stop that process first, or use the running server instead (blastmap push), or share a Postgres server through DATABASE_URL.",
        );
      }
      fs.rmSync(file, { force: true }); // left behind by a process that died
    }
  }
  throw new AppError("database:locked", `Could not take the lock on ${file}.`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
