import { and, eq, gt, isNull, lt, ne, or, isNotNull } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { users, userSessions, type User } from "@/lib/db/schema";

export async function insertUserSession(db: Db, values: { idHash: string; userId: number; expiresAt: Date; address: string | null }): Promise<void> {
  await db.insert(userSessions).values(values);
}

/** What a request needs of its user: never the password's hash, read on every request otherwise. */
export type SessionAccount = Pick<User, "id" | "username" | "role" | "approver" | "authProvider">;

/** The user behind a live session: not revoked, not expired, user still there and not disabled. */
export async function findLiveSessionUser(db: Db, idHash: string, now = new Date()): Promise<SessionAccount | null> {
  const [row] = await db
    .select({ user: { id: users.id, username: users.username, role: users.role, approver: users.approver, authProvider: users.authProvider } })
    .from(userSessions)
    .innerJoin(users, eq(users.id, userSessions.userId))
    .where(and(eq(userSessions.idHash, idHash), isNull(userSessions.revokedAt), gt(userSessions.expiresAt, now), isNull(users.disabledAt)));
  return row?.user ?? null;
}

export async function revokeUserSession(db: Db, idHash: string): Promise<void> {
  await db.update(userSessions).set({ revokedAt: new Date() }).where(and(eq(userSessions.idHash, idHash), isNull(userSessions.revokedAt)));
}

/** Ends every session of a user, but the one given (their own, when they change their password). */
export async function revokeSessionsOfUser(db: Db, userId: number, keepIdHash?: string): Promise<number> {
  const rows = await db
    .update(userSessions)
    .set({ revokedAt: new Date() })
    .where(and(eq(userSessions.userId, userId), isNull(userSessions.revokedAt), keepIdHash ? ne(userSessions.idHash, keepIdHash) : undefined))
    .returning({ idHash: userSessions.idHash });
  return rows.length;
}

/** Drops the rows of sessions that expired or were revoked before `before`. */
export async function deleteEndedSessions(db: Db, before: Date): Promise<void> {
  await db.delete(userSessions).where(or(lt(userSessions.expiresAt, before), and(isNotNull(userSessions.revokedAt), lt(userSessions.revokedAt, before))));
}
