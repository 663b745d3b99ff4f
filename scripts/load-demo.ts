/**
 * The demo estate: on an empty database, collect the made-up engineer's home shipped in lib/demo and
 * ingest it, so a newcomer sees agents and credentials at once.
 */
import type { Db } from "@/lib/db/client";
import { countNodesByKind } from "@/lib/db/queries/overview";

export async function loadDemoIfEmpty(db: Db): Promise<void> {
  const counts = await countNodesByKind(db);
  if (Object.keys(counts).length > 0) return;
  // Wired up once the workspace collector lands.
}
