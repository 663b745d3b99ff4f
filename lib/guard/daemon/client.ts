/**
 * The warm guard: `blastmap guard hook` first asks a guard process that is already running (its parsers
 * loaded, its WebAssembly compiled) over a Unix socket, and only when none answers does the work itself,
 * then starts one for the next call. A hook process then costs about a bare node start instead of loading
 * the shell parser every time (see BENCHMARKS.md, "Runtime guard hook").
 *
 * The socket lives in the snapshot's folder, so it is exactly as trusted as the snapshot and the policy
 * beside it: whoever can write that folder could already make the guard allow anything. An organisation
 * that keeps the snapshot in a folder users cannot write (BLASTMAP_GUARD_SNAPSHOT=/etc/…) gets no user
 * daemon either: the hook then always runs in its own process. The client refuses a folder that others can
 * write or that another user owns. Kept free of the guard's own modules: this is what every call loads.
 */
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { defaultSnapshotPath, type GuardEnv } from "@/lib/guard/snapshot-path";

export interface DaemonRequest {
  agent: string;
  stdin: string;
  env: Record<string, string | undefined>;
  cwd: string;
}

export interface DaemonAnswer {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/**
 * The hook's stdin, once read: bin/blastmap.mjs first tries the warm daemon from the last build without
 * checking the sources (lib/cli/warm-guard-hook.ts); unanswered, the usual path runs the hook, maybe from a
 * rebuilt bundle (another copy of this module), and reads the stdin from here. Symbol.for: one registry
 * for every copy.
 */
const STDIN_KEY = Symbol.for("blastmap.guard-hook.stdin");

export async function readHookStdin(): Promise<string> {
  const handed = (globalThis as Record<symbol, unknown>)[STDIN_KEY];
  if (typeof handed === "string") return handed;
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  (globalThis as Record<symbol, unknown>)[STDIN_KEY] = text;
  return text;
}

/** Answers larger than this are not the guard's. */
const MAX_ANSWER = 1024 * 1024;

/**
 * The socket for this build of the CLI (a rebuilt bundle gets a daemon of its own), or null when there
 * is no daemon to use: BLASTMAP_GUARD_DAEMON=0, Windows, the sources run through tsx, a relative
 * BLASTMAP_GUARD_SNAPSHOT, a path too long for a socket.
 */
export function guardDaemonSocket(env: GuardEnv): string | null {
  const build = env.BLASTMAP_CLI_BUILD;
  if (env.BLASTMAP_GUARD_DAEMON === "0" || process.platform === "win32" || !build || !/^[0-9a-f]{8,64}$/.test(build)) return null;
  // A relative snapshot path means something else in the daemon's folder ("/") than in the agent's.
  const override = env.BLASTMAP_GUARD_SNAPSHOT?.trim();
  if (override && !path.isAbsolute(override)) return null;
  const socket = path.join(path.dirname(defaultSnapshotPath(env)), `hookd-${build}.sock`);
  return Buffer.byteLength(socket) < 100 ? socket : null;
}

/** The socket's folder belongs to this user and nobody else can write it. */
export function isPrivateFolder(dir: string): boolean {
  try {
    const stat = fs.statSync(dir);
    const mine = typeof process.getuid !== "function" || stat.uid === process.getuid();
    return stat.isDirectory() && mine && (stat.mode & 0o022) === 0;
  } catch {
    return false;
  }
}

/** The daemon's answer, or null (none running, a refused folder, a fault, no answer in time). */
export function askGuardDaemon(socket: string, request: DaemonRequest, timeoutMs = 10_000): Promise<DaemonAnswer | null> {
  if (!isPrivateFolder(path.dirname(socket))) return Promise.resolve(null);
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const done = (answer: DaemonAnswer | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      connection.destroy();
      resolve(answer);
    };
    const timer = setTimeout(() => done(null), timeoutMs);
    const connection = net.createConnection(socket);
    connection.on("error", () => done(null));
    connection.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_ANSWER) return done(null);
      chunks.push(chunk);
    });
    connection.on("end", () => done(parseAnswer(Buffer.concat(chunks).toString("utf8"))));
    connection.end(`${JSON.stringify(request)}\n`);
  });
}

function parseAnswer(text: string): DaemonAnswer | null {
  try {
    const value = JSON.parse(text) as Partial<DaemonAnswer>;
    if (typeof value.stdout !== "string" || typeof value.stderr !== "string" || !Number.isInteger(value.exitCode)) return null;
    return { stdout: value.stdout, stderr: value.stderr, exitCode: value.exitCode as number };
  } catch {
    return null;
  }
}

/**
 * Starts `blastmap guard daemon` in the background for the next call, detached from the agent's hook
 * process (its own session, no stdio), with only what it needs of the environment: each request brings
 * the agent's environment with it.
 */
export async function startGuardDaemon(bin: string, env: GuardEnv): Promise<void> {
  try {
    // Loaded here: only the call that found no daemon pays for child_process.
    const { spawn } = await import("node:child_process");
    const keep = ["PATH", "HOME", "BLASTMAP_CLI_BUILD", "BLASTMAP_GUARD_SNAPSHOT", "BLASTMAP_GUARD_DAEMON_IDLE_MS"];
    const childEnv = Object.fromEntries(keep.flatMap((name) => (env[name] ? [[name, env[name]]] : [])));
    // cwd "/": the daemon must not hold on to the project folder the first call came from.
    const child = spawn(process.execPath, [bin, "guard", "daemon"], { detached: true, stdio: "ignore", cwd: "/", env: childEnv as NodeJS.ProcessEnv });
    child.on("error", () => {});
    child.unref();
  } catch {
    // No daemon: every call runs in its own process, as it just did.
  }
}
