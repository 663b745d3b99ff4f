/**
 * `npm start`: build when needed, open and migrate the database, create the first admin, load the demo
 * estate into an empty database, then serve. Any problem is one line on stderr and a non-zero exit.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { openReadyDatabase } from "@/lib/db/server-db";
import { getEnv } from "@/lib/env";
import { describeError } from "@/lib/errors";
import { loadDemoIfEmpty } from "@/scripts/load-demo";
import { buildIfNeeded } from "@/scripts/build-if-needed";

async function main(): Promise<void> {
  const env = getEnv();
  buildIfNeeded();

  const handle = await openReadyDatabase();
  try {
    if (env.BLASTMAP_DEMO !== "0") await loadDemoIfEmpty(handle.db);
  } finally {
    await handle.close(); // the server opens it again; PGlite allows one process at a time
  }

  const url = `http://localhost:${env.PORT}`;
  const server = spawn(path.join(process.cwd(), "node_modules", ".bin", "next"), ["start", "-p", String(env.PORT)], {
    stdio: ["ignore", "inherit", "inherit"],
    env: { ...process.env, NEXTAUTH_URL: process.env.NEXTAUTH_URL ?? url, NEXT_TELEMETRY_DISABLED: "1" },
  });
  console.log(`Blastmap is starting on ${url} (${handle.driver} database at ${handle.location})`);
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => server.kill(signal));
  server.on("exit", (code) => process.exit(code ?? 0));
}

main().catch((error: unknown) => {
  console.error(`blastmap: ${describeError(error)}`);
  process.exit(1);
});
