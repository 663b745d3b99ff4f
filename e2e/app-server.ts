/**
 * A second Blastmap server for specs that need one started differently from Playwright's (another public
 * URL, say): `npm start`'s script on its own port and its own fresh embedded database (PGlite allows one
 * process per folder), without the demo estate. It runs in a process group of its own, ended as a whole.
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { E2E_ADMIN_PASSWORD } from "./constants";

export interface AppServer {
  /** http://127.0.0.1:<port>, plain HTTP, straight to the app. */
  url: string;
  /** The start script's process: the leader of the server's process group. */
  pid: number;
  stop(): Promise<void>;
}

export async function startAppServer(options: { port: number; dataDir: string; env?: Record<string, string> }): Promise<AppServer> {
  const child = spawn(path.join(process.cwd(), "node_modules", ".bin", "tsx"), ["scripts/start.ts"], {
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      PORT: String(options.port),
      HOST: "127.0.0.1",
      BLASTMAP_DATA_DIR: options.dataDir,
      BLASTMAP_ADMIN_PASSWORD: E2E_ADMIN_PASSWORD,
      BLASTMAP_DEMO: "0",
      DATABASE_URL: "",
      ...options.env,
    },
  });
  let output = "";
  const keep = (chunk: Buffer) => void (output = `${output}${chunk.toString()}`.slice(-4000));
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const url = `http://127.0.0.1:${options.port}`;
  const server = { url, pid: child.pid!, stop: () => stopGroup(child) };
  try {
    await waitForHealth(url, child, () => output);
  } catch (error) {
    await server.stop();
    throw error;
  }
  return server;
}

async function waitForHealth(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}):\n${output()}`);
    const ok = await fetch(`${url}/api/health`).then((r) => r.ok, () => false);
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`the server at ${url} did not answer within 180 s:\n${output()}`);
}

async function stopGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.pid === undefined) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  process.kill(-child.pid, "SIGTERM");
  const killed = setTimeout(() => child.exitCode === null && process.kill(-child.pid!, "SIGKILL"), 10_000);
  await exited;
  clearTimeout(killed);
}
