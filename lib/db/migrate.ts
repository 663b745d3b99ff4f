/**
 * Applies the SQL migrations in drizzle/ with the migrator of whichever driver is open. Drizzle records
 * applied migrations in its own table, so a second run is a no-op.
 */
import path from "node:path";
import { migrate as migrateNeon } from "drizzle-orm/neon-serverless/migrator";
import { migrate as migratePg } from "drizzle-orm/node-postgres/migrator";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import type { DatabaseHandle } from "@/lib/db/client";

const MIGRATIONS_FOLDER = path.join(process.cwd(), "drizzle");

export async function migrateDatabase(handle: DatabaseHandle): Promise<void> {
  const config = { migrationsFolder: MIGRATIONS_FOLDER };
  switch (handle.driver) {
    case "pglite":
      return migratePglite(handle.db as never, config);
    case "pg":
      return migratePg(handle.db as never, config);
    case "neon":
      return migrateNeon(handle.db as never, config);
  }
}
