/**
 * `npm start`: build when needed, open and migrate the database, create the first admin, load the demo
 * estate into an empty database, then serve. Any problem is one line on stderr and a non-zero exit.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { chooseDriver } from "@/lib/db/client";
import { openReadyDatabase } from "@/lib/db/server-db";
import { getEnv } from "@/lib/env";
import { AppError, describeError } from "@/lib/errors";
import { loadDemoIfEmpty } from "@/scripts/load-demo";
import { buildIfNeeded } from "@/scripts/build-if-needed";
import { serverCommand } from "@/scripts/server-command";
import { serveProcesses } from "@/scripts/serve-processes";

async function main(): Promise<void> {
  const env = getEnv();
  if (env.BLASTMAP_PROCESSES > 1 && chooseDriver(env.DATABASE_URL, env.BLASTMAP_DB_DRIVER) === "pglite") {
    throw new AppError("bad_request:config", `BLASTMAP_PROCESSES=${env.BLASTMAP_PROCESSES} needs a Postgres server (DATABASE_URL): the embedded database allows one process`);
  }
  buildIfNeeded();

  const handle = await openReadyDatabase();
  try {
    if (env.BLASTMAP_DEMO !== "0") await loadDemoIfEmpty(handle.db);
  } finally {
    await handle.close(); // the server opens it again; PGlite allows one process at a time
  }

  const command = serverCommand(env, process.env.NODE_OPTIONS);
  const processes = env.BLASTMAP_PROCESSES;
  const reach = env.HOST === "127.0.0.1" || env.HOST === "localhost" || env.HOST === "::1" ? "this machine only; set HOST=0.0.0.0 to listen on every interface" : `listening on ${env.HOST}`;
  const served = processes > 1 ? `, ${processes} server processes` : "";
  console.log(`Blastmap is starting on ${command.url} (${reach}; ${handle.driver} database at ${handle.location}${served})`);
  if (processes > 1) {
    // Next's own CLI in every process; node runs it directly (the .bin entry is a shell shim on some systems).
    serveProcesses({ count: processes, exec: path.join(process.cwd(), "node_modules", "next", "dist", "bin", "next"), args: command.args, env: command.env });
    return;
  }
  const server = spawn(path.join(process.cwd(), "node_modules", ".bin", "next"), command.args, {
    stdio: ["ignore", "inherit", "inherit"],
    env: { ...process.env, ...command.env },
  });
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => server.kill(signal));
  server.on("exit", (code) => process.exit(code ?? 0));
}

main().catch((error: unknown) => {
  console.error(`blastmap: ${describeError(error)}`);
  process.exit(1);
});
