/**
 * Runs an integration suite once per database driver: embedded PGlite, a real Postgres server through
 * node-postgres, and the Neon serverless driver through a local WebSocket proxy to that same server.
 * Every suite gets fresh, migrated databases. When the server is unreachable outside CI, the two server
 * suites are skipped loudly; under CI=true they fail instead.
 */
import { describe } from "vitest";
import type { DatabaseHandle, DriverName } from "@/lib/db/client";
import { adminQuery, openScratchDatabase } from "@/lib/db/testing/scratch-database";
import { startWsProxy, type WsProxy } from "@/lib/db/testing/ws-proxy";
import { getEnv } from "@/lib/env";

export { adminQuery };
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

/**
 * `describe` once per driver; suite names carry "[pglite]", "[postgres]" and "[neon]". `only` names the
 * drivers a property applies to (several processes or connections: the server drivers), so it is not run,
 * rather than reported skipped, where it cannot hold.
 */
export function describeEachDriver(name: string, body: (testDb: TestDatabase) => void, only: readonly DriverName[] = DRIVERS): void {
  for (const driver of DRIVERS.filter((d) => only.includes(d))) {
    const needsServer = driver !== "pglite";
    const suite = needsServer && !serverReachable && !IN_CI ? describe.skip : describe;
    suite(`${name} [${DRIVER_LABEL[driver]}]`, () => body(testDatabase(driver)));
  }
}

function testDatabase(driver: DriverName): TestDatabase {
  return {
    driver,
    async create() {
      const neonWsProxy = driver === "neon" ? (await (sharedProxy ??= startWsProxy())).address : undefined;
      const scratch = await openScratchDatabase(driver, { neonWsProxy });
      return { ...scratch.handle, url: scratch.url, close: scratch.dispose };
    },
  };
}

let sharedProxy: Promise<WsProxy> | undefined;

async function probeServer(): Promise<boolean> {
  try {
    await adminQuery("select 1");
    return true;
  } catch {
    return false;
  }
}
