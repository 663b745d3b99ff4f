import { sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { queryRows } from "@/lib/db/rows";
import { nodeKindFromCode } from "@/lib/graph/kind-codes";
import type { NodeKind } from "@/lib/graph/types";

/** How many nodes of each kind the graph holds (refs included: they are real things someone pointed at). */
export async function countNodesByKind(db: Db): Promise<Partial<Record<NodeKind, number>>> {
  const rows = await queryRows<{ kind: number; count: number }>(db, sql`select kind, count(*)::int as count from nodes group by kind`);
  return Object.fromEntries(rows.map((row) => [nodeKindFromCode(Number(row.kind)), Number(row.count)]));
}

