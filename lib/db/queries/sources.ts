import { and, eq, like } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { sources, type Source } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";

export type NewSource = Pick<typeof sources.$inferInsert, "name" | "collector" | "config" | "secretConfig" | "schedule" | "timezone" | "enabled" | "timeoutSeconds" | "nextRunAt">;

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

export async function getSource(db: Db, id: number): Promise<Source | null> {
  const [source] = await db.select().from(sources).where(eq(sources.id, id));
  return source ?? null;
}

export async function getSourceOrThrow(db: Db, id: number): Promise<Source> {
  const source = await getSource(db, id);
  if (!source) throw new AppError("not_found:source", `No source ${id}.`);
  return source;
}

/** By id ("12") or by name. */
export async function findSourceOrThrow(db: Db, idOrName: string): Promise<Source> {
  const byName = await db.select().from(sources).where(eq(sources.name, idOrName));
  if (byName[0]) return byName[0];
  if (/^\d+$/.test(idOrName)) return getSourceOrThrow(db, Number(idOrName));
  throw new AppError("not_found:source", `No source "${idOrName}".`);
}

export async function createSource(db: Db, values: NewSource): Promise<Source> {
  const [created] = await db.insert(sources).values(values).onConflictDoNothing({ target: sources.name }).returning();
  if (!created) throw new AppError("bad_request:input", `A source named "${values.name}" already exists.`);
  return created;
}

export async function updateSource(db: Db, id: number, values: Partial<NewSource>): Promise<Source> {
  const [updated] = await db.update(sources).set(values).where(eq(sources.id, id)).returning();
  if (!updated) throw new AppError("not_found:source", `No source ${id}.`);
  return updated;
}

export async function deleteSource(db: Db, id: number): Promise<void> {
  await db.delete(sources).where(eq(sources.id, id));
}

/** Sources whose secrets were sealed under the old key derivation ("v1." seals). */
export async function listSourcesWithLegacySecrets(db: Db): Promise<Pick<Source, "id" | "secretConfig">[]> {
  return db.select({ id: sources.id, secretConfig: sources.secretConfig }).from(sources).where(like(sources.secretConfig, "v1.%"));
}

/** Replaces a source's sealed secrets if they are still `expected` (another instance may have done it). */
export async function replaceSealedSecrets(db: Db, id: number, expected: string, sealed: string): Promise<boolean> {
  const updated = await db.update(sources).set({ secretConfig: sealed }).where(and(eq(sources.id, id), eq(sources.secretConfig, expected))).returning({ id: sources.id });
  return updated.length > 0;
}
