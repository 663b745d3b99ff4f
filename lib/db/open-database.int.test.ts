/**
 * Bad configuration and bad data folders: one clear error naming the problem, and never a silent wipe.
 */
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { openDatabase } from "@/lib/db/client";
import { migrateDatabase } from "@/lib/db/migrate";

const dirs: string[] = [];
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "blastmap-open-"));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe("opening the embedded database [pglite]", () => {
  it("applies migrations once; a second run is a no-op", async () => {
    const dir = tempDir();
    const first = await openDatabase({ driver: "pglite", dataDir: path.join(dir, "pgdata") });
    await migrateDatabase(first);
    await first.close();
    const second = await openDatabase({ driver: "pglite", dataDir: path.join(dir, "pgdata") });
    await expect(migrateDatabase(second)).resolves.toBeUndefined();
    await second.close();
  });

  it("refuses a second opener of the same folder with a clear error", async () => {
    const dir = tempDir();
    const handle = await openDatabase({ driver: "pglite", dataDir: path.join(dir, "pgdata") });
    try {
      await expect(openDatabase({ driver: "pglite", dataDir: path.join(dir, "pgdata") })).rejects.toThrow(/is in use by this process already/);
      // Another process (the CLI while the server runs) gets the same one-line error and exit code 1.
      const cli = spawnSync(path.resolve("bin/blastmap.mjs"), ["analyze"], { env: { ...process.env, BLASTMAP_DATA_DIR: dir }, encoding: "utf8" });
      expect(cli.status).toBe(1);
      expect(cli.stderr.trim()).toMatch(new RegExp(`^blastmap analyze: The embedded database in ${dir} is in use by another Blastmap process \\(pid ${process.pid}\\)`));
      expect(cli.stderr.trim().split("\n")).toHaveLength(1);
    } finally {
      await handle.close();
    }
  });

  it("reports a corrupt database folder and leaves it untouched", async () => {
    const dir = tempDir();
    const pgdata = path.join(dir, "pgdata");
    fs.mkdirSync(path.join(pgdata, "base"), { recursive: true });
    fs.writeFileSync(path.join(pgdata, "PG_VERSION"), "not a version\n");
    fs.writeFileSync(path.join(pgdata, "base", "junk"), "precious data");
    const before = execFileSync("find", [pgdata, "-type", "f", "-printf", "%p %s\n"], { encoding: "utf8" });
    await expect(openDatabase({ driver: "pglite", dataDir: pgdata })).rejects.toThrow(/could not be opened .* It was left untouched/);
    expect(execFileSync("find", [pgdata, "-type", "f", "-printf", "%p %s\n"], { encoding: "utf8" })).toBe(before);
    expect(fs.readFileSync(path.join(pgdata, "base", "junk"), "utf8")).toBe("precious data");
  });

  it("names a data folder it cannot use", async () => {
    const dir = tempDir();
    const file = path.join(dir, "a-file");
    fs.writeFileSync(file, "");
    await expect(openDatabase({ driver: "pglite", dataDir: path.join(file, "pgdata") })).rejects.toThrow(
      /Data directory .*a-file is not usable \(.+\)\. Point BLASTMAP_DATA_DIR at a folder this user can write\./,
    );
  });
});

describe("a server that is not there [postgres]", () => {
  it("is one line naming host, port and the fix", async () => {
    await expect(openDatabase({ driver: "pg", url: "postgres://nobody:pw@127.0.0.1:1/none" })).rejects.toThrow(
      "Cannot use the database at 127.0.0.1:1/none (connect ECONNREFUSED 127.0.0.1:1). Check that the server is running and that DATABASE_URL is right.",
    );
  });
});
