/**
 * Server-side sessions behind next-auth's JWT cookie. The cookie carries a random session id (inside
 * next-auth's encrypted token); the database keeps its SHA-256. A request is signed in only while its row
 * is live and its user exists and is not disabled, so sign-out, disabling, deleting or a role change end
 * a session at once, and a forged or replayed token for a user that does not exist gets nowhere.
 */
import { createHash, randomBytes } from "node:crypto";
import type { Db } from "@/lib/db/client";
import { deleteEndedSessions, findLiveSessionUser, insertUserSession, revokeSessionsOfUser, revokeUserSession, type SessionAccount } from "@/lib/db/queries/user-sessions";

export const SESSION_MAX_AGE_SECONDS = 12 * 60 * 60;

export function hashSessionId(sessionId: string): string {
  return createHash("sha256").update(sessionId, "utf8").digest("hex");
}

/** Rows of ended sessions stay a day (the Users page counts live ones), then go at the next sign-in. */
const ENDED_SESSION_RETENTION_MS = 24 * 60 * 60 * 1000;

/** Starts a session; returns the id that goes into the cookie's token. */
export async function startSession(db: Db, userId: number, address: string | null, now = new Date()): Promise<string> {
  await deleteEndedSessions(db, new Date(now.getTime() - ENDED_SESSION_RETENTION_MS));
  const sessionId = randomBytes(32).toString("base64url");
  await insertUserSession(db, { idHash: hashSessionId(sessionId), userId, expiresAt: new Date(now.getTime() + SESSION_MAX_AGE_SECONDS * 1000), address });
  return sessionId;
}

export async function resolveSession(db: Db, sessionId: string): Promise<SessionAccount | null> {
  return findLiveSessionUser(db, hashSessionId(sessionId));
}

export async function endSession(db: Db, sessionId: string): Promise<void> {
  await revokeUserSession(db, hashSessionId(sessionId));
}

/** Every session of the user; with `keepSessionId`, all but that one. */
export async function endSessionsOfUser(db: Db, userId: number, keepSessionId?: string): Promise<number> {
  return revokeSessionsOfUser(db, userId, keepSessionId ? hashSessionId(keepSessionId) : undefined);
}
