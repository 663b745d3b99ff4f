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
import { serverCommand } from "@/scripts/server-command";

async function main(): Promise<void> {
  const env = getEnv();
  buildIfNeeded();

  const handle = await openReadyDatabase();
  try {
    if (env.BLASTMAP_DEMO !== "0") await loadDemoIfEmpty(handle.db);
  } finally {
    await handle.close(); // the server opens it again; PGlite allows one process at a time
  }

  const command = serverCommand(env);
  const server = spawn(path.join(process.cwd(), "node_modules", ".bin", "next"), command.args, {
    stdio: ["ignore", "inherit", "inherit"],
    env: { ...process.env, ...command.env },
  });
  const reach = env.HOST === "127.0.0.1" || env.HOST === "localhost" || env.HOST === "::1" ? "this machine only; set HOST=0.0.0.0 to listen on every interface" : `listening on ${env.HOST}`;
  console.log(`Blastmap is starting on ${command.url} (${reach}; ${handle.driver} database at ${handle.location})`);
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => server.kill(signal));
  server.on("exit", (code) => process.exit(code ?? 0));
}

main().catch((error: unknown) => {
  console.error(`blastmap: ${describeError(error)}`);
  process.exit(1);
});
