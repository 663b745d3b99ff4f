/** Every row of every table in the public schema, as text: what canary suites search for leaked secrets. */
import { sql } from "drizzle-orm";
import type { DatabaseHandle } from "@/lib/db/client";
import { queryRows } from "@/lib/db/rows";

export async function dumpTables(handle: DatabaseHandle): Promise<string> {
  const tables = await queryRows<{ name: string }>(handle.db, sql`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`);
  const parts: string[] = [];
  for (const { name } of tables) {
    const rows = await queryRows<{ row: string }>(handle.db, sql`select row_to_json(t)::text as row from ${sql.identifier(name)} t`);
    parts.push(...rows.map((row) => row.row));
  }
  return parts.join("\n");
}
