import type { SQL } from "drizzle-orm";
import type { Db } from "@/lib/db/client";

/** Anything that can run SQL: the database or a transaction on it. */
export type Queryable = Pick<Db, "execute">;

/** Runs raw SQL and returns its rows. All three drivers answer `execute` with a pg-style `{ rows }`. */
export async function queryRows<Row>(db: Queryable, query: SQL): Promise<Row[]> {
  const result = (await db.execute(query)) as unknown as { rows: Row[] };
  return result.rows;
}
