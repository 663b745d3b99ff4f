/**
 * The database of the running server process: opened once, migrated, shared by every request.
 * Kept on globalThis so development reloads do not open a second PGlite on the same folder.
 */
import { announceAdmin, ensureAdminUser } from "@/lib/auth/bootstrap-admin";
import { openDatabase, type DatabaseHandle, type Db } from "@/lib/db/client";
import { migrateDatabase } from "@/lib/db/migrate";
import { getEnv } from "@/lib/env";

const holder = globalThis as unknown as { blastmapDb?: Promise<DatabaseHandle> };

export function getServerDatabase(): Promise<DatabaseHandle> {
  holder.blastmapDb ??= openReadyDatabase().catch((error) => {
    holder.blastmapDb = undefined; // let the next request try again (e.g. the server came back)
    throw error;
  });
  return holder.blastmapDb;
}

export async function getDb(): Promise<Db> {
  return (await getServerDatabase()).db;
}

/** Opens the configured database, applies migrations and makes sure an admin exists. */
export async function openReadyDatabase(): Promise<DatabaseHandle> {
  const handle = await openDatabase();
  try {
    await migrateDatabase(handle);
    announceAdmin(await ensureAdminUser(handle.db, getEnv().BLASTMAP_ADMIN_PASSWORD));
    return handle;
  } catch (error) {
    await handle.close().catch(() => {});
    throw error;
  }
}
