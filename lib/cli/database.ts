/** The CLI's database: the configured one, migrated, closed when the command is done. */
import { openDatabase, type Db } from "@/lib/db/client";
import { migrateDatabase } from "@/lib/db/migrate";

export async function withDatabase<T>(work: (db: Db) => Promise<T>): Promise<T> {
  const handle = await openDatabase();
  try {
    await migrateDatabase(handle);
    return await work(handle.db);
  } finally {
    await handle.close();
  }
}
