import { eq } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { sources, type Source } from "@/lib/db/schema";

/** The source called `name`, created (manual schedule) the first time a batch arrives for it. */
export async function findOrCreateSource(db: Db, name: string, collector: string): Promise<Source> {
  const [created] = await db.insert(sources).values({ name, collector }).onConflictDoNothing({ target: sources.name }).returning();
  if (created) return created;
  const [existing] = await db.select().from(sources).where(eq(sources.name, name));
  return existing;
}

export async function listSources(db: Db): Promise<Source[]> {
  return db.select().from(sources).orderBy(sources.name);
}
