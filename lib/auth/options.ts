/**
 * next-auth configuration: a Credentials provider against the users table, JWT sessions.
 */
import type { AuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { verifyPassword } from "@/lib/auth/password";
import { findUserByUsername } from "@/lib/db/queries/users";
import { getDb } from "@/lib/db/server-db";
import { getServerSecrets } from "@/lib/server-secrets";

const credentialsSchema = z.object({ username: z.string().min(1).max(200), password: z.string().min(1).max(1000) });

export const SESSION_MAX_AGE_SECONDS = 12 * 60 * 60;

export function getAuthOptions(): AuthOptions {
  return {
    secret: getServerSecrets().authSecret,
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
    pages: { signIn: "/login" },
    providers: [
      CredentialsProvider({
        name: "Password",
        credentials: { username: { label: "Username", type: "text" }, password: { label: "Password", type: "password" } },
        async authorize(raw) {
          const parsed = credentialsSchema.safeParse(raw);
          if (!parsed.success) return null;
          const user = await findUserByUsername(await getDb(), parsed.data.username);
          if (!user || !(await verifyPassword(parsed.data.password, user.passwordHash))) return null;
          return { id: String(user.id), name: user.username, role: user.role };
        },
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        if (user) token.role = (user as { role?: string }).role ?? "viewer";
        return token;
      },
      session({ session, token }) {
        if (session.user) Object.assign(session.user, { id: token.sub, role: token.role });
        return session;
      },
    },
  };
}
