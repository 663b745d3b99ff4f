/**
 * `blastmap guard daemon`: answers hook calls over a Unix socket (see client.ts) with runGuardHook, each
 * request with the agent's own environment and working directory, so its answer is the one the hook
 * would have given in its own process. Snapshot, key and policy are read again on every call, as there.
 * One daemon per socket; it leaves after a quiet spell, removing its socket.
 */
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import type { DaemonAnswer, DaemonRequest } from "@/lib/guard/daemon/client";
import { GUARD_AGENTS, type GuardAgent } from "@/lib/guard/types";

export type HookRunner = (request: DaemonRequest & { agent: GuardAgent }) => Promise<DaemonAnswer>;

/** Requests larger than this are refused (the hook itself refuses stdin over 2 MB). */
const MAX_REQUEST = 8 * 1024 * 1024;

export interface ServeOptions {
  /** Leave after this long without a request. */
  idleMs?: number;
  run: HookRunner;
  /** Run once listening: what the first calls would otherwise pay (lazy imports, the first parses). */
  warmUp?: () => Promise<void>;
  /**
   * Is the code this daemon runs still the current build of the sources? Asked at every request, since the
   * client trusts the last build's manifest without checking; a stale daemon answers nothing and leaves.
   */
  isCurrent?: () => boolean;
}

/** Is a daemon answering on this socket already? */
function answers(socket: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createConnection(socket);
    probe.on("connect", () => {
      probe.destroy();
      resolve(true);
    });
    probe.on("error", () => resolve(false));
  });
}

function parseRequest(text: string): (DaemonRequest & { agent: GuardAgent }) | null {
  try {
    const value = JSON.parse(text) as Partial<DaemonRequest>;
    const env = value.env;
    if (
      typeof value.agent !== "string" ||
      !(GUARD_AGENTS as readonly string[]).includes(value.agent) ||
      typeof value.stdin !== "string" ||
      typeof value.cwd !== "string" ||
      !env ||
      typeof env !== "object" ||
      Object.values(env).some((v) => v !== undefined && typeof v !== "string")
    ) {
      return null;
    }
    return { agent: value.agent as GuardAgent, stdin: value.stdin, cwd: value.cwd, env };
  } catch {
    return null;
  }
}

/**
 * Listens until idle. Resolves false at once when another daemon already answers on the socket; a socket
 * file nobody answers on (a daemon that died) is replaced.
 */
export async function serveGuardHooks(socket: string, options: ServeOptions): Promise<boolean> {
  const dir = path.dirname(socket);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (await answers(socket)) return false;
  fs.rmSync(socket, { force: true });

  const idleMs = options.idleMs ?? 15 * 60_000;
  let left = false;
  let finished: (value: boolean) => void = () => {};
  const done = new Promise<boolean>((resolve) => (finished = resolve));
  // allowHalfOpen: the client ends its side once the request is sent; the answer still has to go back.
  const server = net.createServer({ allowHalfOpen: true }, (connection) => {
    idle.refresh();
    const chunks: Buffer[] = [];
    let size = 0;
    connection.on("error", () => connection.destroy());
    connection.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_REQUEST) connection.destroy();
      else chunks.push(chunk);
    });
    connection.on("end", async () => {
      if (options.isCurrent && !options.isCurrent()) {
        connection.end();
        return leave();
      }
      const request = parseRequest(Buffer.concat(chunks).toString("utf8"));
      // A request that is not one gets no answer: the client then runs the hook in its own process.
      if (!request) return connection.end();
      try {
        connection.end(JSON.stringify(await options.run(request)));
      } catch {
        connection.end();
      }
    });
  });
  const leave = () => {
    if (left) return;
    left = true;
    clearTimeout(idle);
    fs.rmSync(socket, { force: true });
    server.close(() => finished(true));
  };
  // Set before listening: the handler above refreshes it from the first request on.
  const idle = setTimeout(leave, idleMs);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(socket, () => resolve());
    });
  } catch (error) {
    clearTimeout(idle);
    throw error;
  }
  fs.chmodSync(socket, 0o600);
  // Requests that come in meanwhile are answered as they come (each awaits its own run).
  await options.warmUp?.().catch(() => {});
  return done;
}
