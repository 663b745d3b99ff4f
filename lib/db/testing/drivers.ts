/**
 * Runs an integration suite once per database driver: embedded PGlite, a real Postgres server through
 * node-postgres, and the Neon serverless driver through a local WebSocket proxy to that same server.
 * Every suite gets fresh, migrated databases. When the server is unreachable outside CI, the two server
 * suites are skipped loudly; under CI=true they fail instead.
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { describe } from "vitest";
import { openDatabase, type DatabaseHandle, type DriverName } from "@/lib/db/client";
import { migrateDatabase } from "@/lib/db/migrate";
import { startWsProxy, type WsProxy } from "@/lib/db/testing/ws-proxy";

import { getEnv } from "@/lib/env";

export const TEST_DATABASE_URL = getEnv().TEST_DATABASE_URL;
const IN_CI = getEnv().CI === "true";
const DRIVERS: DriverName[] = ["pglite", "pg", "neon"];
const DRIVER_LABEL: Record<DriverName, string> = { pglite: "pglite", pg: "postgres", neon: "neon" };

const serverReachable = await probeServer();
if (!serverReachable && !IN_CI) {
  console.warn(
    `\n!!! Postgres at ${TEST_DATABASE_URL} is unreachable: SKIPPING the postgres and neon driver suites. ` +
      "Start it (pg_ctlcluster <version> main start) or set TEST_DATABASE_URL. Under CI=true this fails. !!!\n",
  );
}

export interface TestDatabase {
  driver: DriverName;
  /** Opens a fresh, migrated, empty database for this driver. */
  create(): Promise<DatabaseHandle & { url?: string }>;
}

/** `describe` once per driver; suite names carry "[pglite]", "[postgres]" and "[neon]". */
export function describeEachDriver(name: string, body: (testDb: TestDatabase) => void): void {
  for (const driver of DRIVERS) {
    const needsServer = driver !== "pglite";
    const suite = needsServer && !serverReachable && !IN_CI ? describe.skip : describe;
    suite(`${name} [${DRIVER_LABEL[driver]}]`, () => body(testDatabase(driver)));
  }
}

function testDatabase(driver: DriverName): TestDatabase {
  return {
    driver,
    async create() {
      const handle = driver === "pglite" ? await createPglite() : await createServerDatabase(driver);
      await migrateDatabase(handle);
      return handle;
    },
  };
}

async function createPglite(): Promise<DatabaseHandle> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "blastmap-pglite-"));
  const handle = await openDatabase({ driver: "pglite", dataDir: path.join(dir, "pgdata") });
  return { ...handle, close: async () => { await handle.close(); fs.rmSync(dir, { recursive: true, force: true }); } };
}

let sharedProxy: Promise<WsProxy> | undefined;

async function createServerDatabase(driver: DriverName): Promise<DatabaseHandle & { url: string }> {
  const name = `blastmap_t_${randomBytes(6).toString("hex")}`;
  await adminQuery(`create database ${name}`);
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  const neonWsProxy = driver === "neon" ? (await (sharedProxy ??= startWsProxy())).address : undefined;
  const handle = await openDatabase({ driver, url: url.toString(), neonWsProxy });
  return {
    ...handle,
    url: url.toString(),
    async close() {
      await handle.close();
      await adminQuery(`drop database if exists ${name} with (force)`);
    },
  };
}

export async function adminQuery(text: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    return await client.query(text);
  } finally {
    await client.end();
  }
}

async function probeServer(): Promise<boolean> {
  try {
    await adminQuery("select 1");
    return true;
  } catch {
    return false;
  }
}
