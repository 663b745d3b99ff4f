/**
 * A fresh, migrated, empty database for tests and benchmarks: a temporary PGlite folder, or a new database
 * on the Postgres server named by TEST_DATABASE_URL (reached through node-postgres or, with a ws→TCP proxy,
 * the Neon driver). `dispose` removes it again.
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { openDatabase, type DatabaseHandle, type DriverName } from "@/lib/db/client";
import { migrateDatabase } from "@/lib/db/migrate";
import { getEnv } from "@/lib/env";

export interface ScratchDatabase {
  handle: DatabaseHandle;
  /** The server database's URL; undefined for PGlite. */
  url?: string;
  dispose(): Promise<void>;
}

export async function openScratchDatabase(driver: DriverName, options: { neonWsProxy?: string } = {}): Promise<ScratchDatabase> {
  if (driver === "pglite") {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "blastmap-scratch-"));
    const handle = await openDatabase({ driver, dataDir: path.join(dir, "pgdata") });
    await migrateDatabase(handle);
    return {
      handle,
      async dispose() {
        await handle.close();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const name = `blastmap_t_${randomBytes(6).toString("hex")}`;
  await adminQuery(`create database ${name}`);
  const url = new URL(getEnv().TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ driver, url: url.toString(), neonWsProxy: options.neonWsProxy });
  await migrateDatabase(handle);
  return {
    handle,
    url: url.toString(),
    async dispose() {
      await handle.close();
      await adminQuery(`drop database if exists ${name} with (force)`);
    },
  };
}

/** One statement on the test server's admin connection (create and drop databases and roles). */
export async function adminQuery(text: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: getEnv().TEST_DATABASE_URL });
  await client.connect();
  try {
    return await client.query(text);
  } finally {
    await client.end();
  }
}
