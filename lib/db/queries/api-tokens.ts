import { and, desc, eq, isNull } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { apiTokens, type ApiToken } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";

export type NewApiToken = Pick<typeof apiTokens.$inferInsert, "name" | "tokenHash" | "prefix" | "sourceIds" | "createdBy" | "scope">;

export async function insertApiToken(db: Db, values: NewApiToken): Promise<ApiToken> {
  const [row] = await db.insert(apiTokens).values(values).returning();
  return row;
}

export async function listApiTokens(db: Db): Promise<ApiToken[]> {
  return db.select().from(apiTokens).orderBy(desc(apiTokens.id));
}

/** The live (not revoked) token with this hash, its last-used time refreshed in the same statement. */
export async function touchLiveApiTokenByHash(db: Db, tokenHash: string, now = new Date()): Promise<ApiToken | null> {
  const [row] = await db
    .update(apiTokens)
    .set({ lastUsedAt: now })
    .where(and(eq(apiTokens.tokenHash, tokenHash), isNull(apiTokens.revokedAt)))
    .returning();
  return row ?? null;
}

export async function revokeApiToken(db: Db, id: number): Promise<ApiToken> {
  const [row] = await db.update(apiTokens).set({ revokedAt: new Date() }).where(eq(apiTokens.id, id)).returning();
  if (!row) throw new AppError("not_found:node", `No API token ${id}.`);
  return row;
}
