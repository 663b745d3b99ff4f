/**
 * How `npm start` runs the Next server: which address it binds and the URL it tells next-auth it lives
 * at. Kept apart from scripts/start.ts so that it can be tested without starting anything.
 */
import type { Env } from "@/lib/env";

export interface ServerCommand {
  args: string[];
  /** Variables added to the server's environment. */
  env: Record<string, string>;
  /** What to print: where to open it. */
  url: string;
}

export function serverCommand(env: Pick<Env, "PORT" | "HOST" | "BLASTMAP_PUBLIC_URL" | "NEXTAUTH_URL">): ServerCommand {
  // An operator's URL (NEXTAUTH_URL, else BLASTMAP_PUBLIC_URL) is passed on untouched: next-auth builds its
  // redirects from it and, when it is https://, marks the session cookie Secure.
  const url = env.NEXTAUTH_URL ?? env.BLASTMAP_PUBLIC_URL ?? `http://localhost:${env.PORT}`;
  return {
    args: ["start", "-p", String(env.PORT), "-H", env.HOST],
    env: { NEXTAUTH_URL: url, NEXT_TELEMETRY_DISABLED: "1" },
    url,
  };
}
