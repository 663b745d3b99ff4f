/**
 * next-auth configuration: username and password against the users table, and single sign-on when
 * BLASTMAP_OIDC_ISSUER is set. The JWT cookie carries only a session id; lib/auth/sessions.ts keeps the
 * session in the database, and every request is checked against it (lib/auth/session.ts).
 */
import type { AuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { recordAudit, recordAuditQuietly } from "@/lib/audit/record-audit";
import { clientAddress, currentRequestAddress } from "@/lib/auth/client-address";
import { OIDC_PROVIDER_ID, oidcProvider, roleFromGroups, type OidcProfile } from "@/lib/auth/oidc";
import { signInWithPassword } from "@/lib/auth/password-sign-in";
import { decodeSessionToken } from "@/lib/auth/session-token";
import { endSession, SESSION_MAX_AGE_SECONDS, startSession } from "@/lib/auth/sessions";
import type { Db } from "@/lib/db/client";
import { findUserByExternalSubject, insertUser, updateUser } from "@/lib/db/queries/users";
import { getDb } from "@/lib/db/server-db";
import { getEnv, type Env } from "@/lib/env";
import { isAppError } from "@/lib/errors";
import { getServerSecrets } from "@/lib/server-secrets";

const credentialsSchema = z.object({ username: z.string().min(1).max(200), password: z.string().min(1).max(1000) });

export interface AuthDeps {
  getDb(): Promise<Db>;
  env: Env;
  secret: string;
}

/** The address of the sign-in request, handed from authorize/signIn to the jwt callback. */
const pendingAddress = new WeakMap<object, string | null>();

export function getAuthOptions(deps: AuthDeps = { getDb, env: getEnv(), secret: getServerSecrets().authSecret }): AuthOptions {
  const oidc = oidcProvider(deps.env);
  return {
    secret: deps.secret,
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
    // Read with the derived key kept (lib/auth/session-token.ts); written by next-auth's own encode.
    jwt: { decode: decodeSessionToken },
    pages: { signIn: "/login", error: "/login" },
    providers: [
      CredentialsProvider({
        name: "Password",
        credentials: { username: { label: "Username", type: "text" }, password: { label: "Password", type: "password" } },
        async authorize(raw, request) {
          const parsed = credentialsSchema.safeParse(raw);
          if (!parsed.success) return null;
          const address = clientAddress(request?.headers ?? {});
          try {
            const user = await signInWithPassword(await deps.getDb(), { ...parsed.data, address });
            const signedIn = { id: String(user.id), name: user.username };
            pendingAddress.set(signedIn, address);
            return signedIn;
          } catch (error) {
            // next-auth hands a thrown message to the sign-in form: throttling says how long to wait.
            if (isAppError(error)) throw new Error(error.message, { cause: error });
            throw error;
          }
        },
      }),
      ...(oidc ? [oidc] : []),
    ],
    callbacks: {
      async signIn({ user, account, profile }) {
        if (account?.provider !== OIDC_PROVIDER_ID) return true;
        const address = await currentRequestAddress();
        pendingAddress.set(user, address);
        return signInWithOidc(await deps.getDb(), deps.env, user, profile as OidcProfile | undefined, address);
      },
      async jwt({ token, user, trigger }) {
        if (user && (trigger === "signIn" || trigger === "signUp")) {
          const userId = Number(user.id);
          // The token holds the session id and the user id; never the role.
          const sid = await startSession(await deps.getDb(), userId, pendingAddress.get(user) ?? null);
          return { sub: String(userId), name: user.name, sid };
        }
        return token;
      },
      session({ session, token }) {
        // What the browser's useSession sees: the name only. Roles are read from the database.
        return { ...session, user: { name: typeof token.name === "string" ? token.name : undefined } };
      },
    },
    events: {
      async signOut({ token }) {
        const db = await deps.getDb();
        if (typeof token?.sid === "string") await endSession(db, token.sid);
        if (token?.sub) await recordAuditQuietly(db, { actor: { userId: Number(token.sub), name: String(token.name ?? token.sub) }, action: "auth.sign_out" });
      },
    },
  };
}

/**
 * First sign-in creates the user; every sign-in sets their role from their groups. Refused (with an
 * audit entry) when no group is mapped, or when an admin disabled the user here.
 */
async function signInWithOidc(db: Db, env: Env, user: { id: string; name?: string | null }, profile: OidcProfile | undefined, address: string | null): Promise<boolean> {
  const roleMap = env.BLASTMAP_OIDC_ROLE_MAP ?? [];
  if (!profile?.sub || !env.BLASTMAP_OIDC_ISSUER) return false;
  const subject = `${env.BLASTMAP_OIDC_ISSUER.replace(/\/$/, "")}|${profile.sub}`;
  const username = user.name ?? `sso:${profile.sub}`;
  const granted = roleFromGroups(profile[env.BLASTMAP_OIDC_GROUPS_CLAIM], roleMap);
  const existing = await findUserByExternalSubject(db, subject);
  const detail = { method: "oidc" };
  if (!granted || existing?.disabledAt) {
    await recordAudit(db, { actor: { name: username }, action: "auth.sign_in", outcome: "failure", target: username, address, detail: { ...detail, reason: granted ? "disabled" : "no_mapped_group" } });
    return false;
  }
  let record = existing;
  if (!record) {
    record = await insertUser(db, { username, passwordHash: null, role: granted.role, approver: granted.approver, authProvider: "oidc", externalSubject: subject });
    await recordAudit(db, { actor: { name: "sso" }, action: "user.create", target: username, detail: { role: granted.role, approver: granted.approver, method: "oidc" } });
  } else if (record.role !== granted.role || record.approver !== granted.approver) {
    record = await updateUser(db, record.id, { role: granted.role, approver: granted.approver });
    await recordAudit(db, { actor: { name: "sso" }, action: "user.update", target: username, detail: { role: granted.role, approver: granted.approver, method: "oidc" } });
  }
  user.id = String(record.id);
  user.name = record.username;
  await recordAudit(db, { actor: { userId: record.id, name: record.username }, action: "auth.sign_in", target: record.username, address, detail });
  return true;
}
