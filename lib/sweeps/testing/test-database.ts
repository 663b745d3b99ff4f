/** A fresh, migrated embedded database for tests that need one database, not one per driver. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { openDatabase, type DatabaseHandle } from "@/lib/db/client";
import { migrateDatabase } from "@/lib/db/migrate";

export async function createTestDatabase(): Promise<DatabaseHandle> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "blastmap-sweeps-"));
  const handle = await openDatabase({ driver: "pglite", dataDir: path.join(dir, "pgdata") });
  await migrateDatabase(handle);
  return { ...handle, close: async () => { await handle.close(); fs.rmSync(dir, { recursive: true, force: true }); } };
}
