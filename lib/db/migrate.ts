/**
 * Applies the SQL migrations in drizzle/ with the migrator of whichever driver is open. Drizzle records
 * applied migrations in its own table, so a second run is a no-op.
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { migrate as migrateNeon } from "drizzle-orm/neon-serverless/migrator";
import { migrate as migratePg } from "drizzle-orm/node-postgres/migrator";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import type { DatabaseHandle } from "@/lib/db/client";

/**
 * drizzle/ beside the sources (the CLI runs from any directory), or under the working directory when this
 * module was bundled into the Next.js server.
 */
function migrationsFolder(): string {
  // path.join on purpose: `new URL("…", import.meta.url)` would make the bundler treat drizzle/ as an asset.
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = [path.join(here, "..", "..", "drizzle"), path.join(process.cwd(), "drizzle")];
  return candidates.find((dir) => fs.existsSync(path.join(dir, "meta", "_journal.json"))) ?? candidates[1];
}

export async function migrateDatabase(handle: DatabaseHandle): Promise<void> {
  const config = { migrationsFolder: migrationsFolder() };
  switch (handle.driver) {
    case "pglite":
      return migratePglite(handle.db as never, config);
    case "pg":
      return migratePg(handle.db as never, config);
    case "neon":
      return migrateNeon(handle.db as never, config);
  }
}
