/**
 * The signed-in user of the current request, read from the database on every call: the cookie names a
 * session, the session row names the user, and the user row gives the role. Nothing the cookie claims
 * about the role is trusted.
 */
import { headers } from "next/headers";
import { cache } from "react";
import { getToken } from "next-auth/jwt";
import { decodeSessionToken } from "@/lib/auth/session-token";
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

/** The Cookie header as name → value (RFC 6265: "a=1; b=2"); a malformed pair is skipped. */
export function parseCookieHeader(header: string | null): Record<string, string> {
  const cookies: Record<string, string> = {};
  for (const pair of (header ?? "").split(";")) {
    const at = pair.indexOf("=");
    if (at <= 0) continue;
    const name = pair.slice(0, at).trim();
    try {
      cookies[name] = decodeURIComponent(pair.slice(at + 1).trim());
    } catch {
      // not percent-encoded properly: not one of ours
    }
  }
  return cookies;
}

/** The session id inside next-auth's cookie (its encrypted JWT, possibly in chunks), or null. */
export async function readSessionId(requestHeaders: Headers, secret = getServerSecrets().authSecret): Promise<string | null> {
  const req = { headers: Object.fromEntries(requestHeaders.entries()), cookies: parseCookieHeader(requestHeaders.get("cookie")) };
  const token = await getToken({ req: req as never, secret, decode: decodeSessionToken });
  return typeof token?.sid === "string" ? token.sid : null;
}

export async function getSessionUserFrom(db: Db, requestHeaders: Headers): Promise<SessionUser | null> {
  const sessionId = await readSessionId(requestHeaders);
  if (!sessionId) return null;
  const user = await resolveSession(db, sessionId);
  if (!user) return null;
  return { id: user.id, name: user.username, role: user.role, approver: user.approver, sessionId };
}

/** The signed-in user, or null. Once per request: the layout and the page share the lookup. */
export const getSessionUser = cache(async (): Promise<SessionUser | null> => getSessionUserFrom(await getDb(), await headers()));
