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

/**
 * V8's young generation, per semi-space. Next renders many pages at once under load, and with the default
 * (16 MB) their short-lived objects outgrow it and are promoted, to be collected again by full GCs: 64 MB
 * served ~10% more requests a second at 1-2 ms less CPU each (BENCHMARKS.md, "Load"), for ~100 MB more memory.
 */
const SEMI_SPACE_MB = 64;

export function serverCommand(env: Pick<Env, "PORT" | "HOST" | "BLASTMAP_PUBLIC_URL" | "NEXTAUTH_URL">, nodeOptions = ""): ServerCommand {
  // An operator's URL (NEXTAUTH_URL, else BLASTMAP_PUBLIC_URL) is passed on untouched: next-auth builds its
  // redirects from it and, when it is https://, marks the session cookie Secure.
  const url = env.NEXTAUTH_URL ?? env.BLASTMAP_PUBLIC_URL ?? `http://localhost:${env.PORT}`;
  // An operator's own semi-space setting in NODE_OPTIONS wins.
  const node = /--max-semi-space-size\b/.test(nodeOptions) ? nodeOptions : `${nodeOptions} --max-semi-space-size=${SEMI_SPACE_MB}`.trim();
  return {
    args: ["start", "-p", String(env.PORT), "-H", env.HOST],
    env: { NEXTAUTH_URL: url, NEXT_TELEMETRY_DISABLED: "1", NODE_OPTIONS: node },
    url,
  };
}
