/**
 * The signed-in user of the current request, read from the database on every call: the cookie names a
 * session, the session row names the user, and the user row gives the role. Nothing the cookie claims
 * about the role is trusted.
 */
import { headers } from "next/headers";
import { getToken } from "next-auth/jwt";
import { resolveSession } from "@/lib/auth/sessions";
import type { Db } from "@/lib/db/client";
import { getDb } from "@/lib/db/server-db";
import type { UserRole } from "@/lib/db/schema";
import { getServerSecrets } from "@/lib/server-secrets";

export interface SessionUser {
  id: number;
  name: string;
  role: UserRole;
  approver: boolean;
  /** The session's id, to end it or keep it when the user changes their password. */
  sessionId: string;
}

/** The session id inside next-auth's cookie, or null. */
export async function readSessionId(requestHeaders: Headers): Promise<string | null> {
  const token = await getToken({ req: { headers: Object.fromEntries(requestHeaders.entries()) } as never, secret: getServerSecrets().authSecret });
  return typeof token?.sid === "string" ? token.sid : null;
}

export async function getSessionUserFrom(db: Db, requestHeaders: Headers): Promise<SessionUser | null> {
  const sessionId = await readSessionId(requestHeaders);
  if (!sessionId) return null;
  const user = await resolveSession(db, sessionId);
  if (!user) return null;
  return { id: user.id, name: user.username, role: user.role, approver: user.approver, sessionId };
}

/** The signed-in user, or null. */
export async function getSessionUser(): Promise<SessionUser | null> {
  return getSessionUserFrom(await getDb(), await headers());
}
