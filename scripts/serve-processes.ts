/**
 * Runs the Next server as N processes on one port (Node's cluster: the first process accepts connections
 * and hands them to the others in turn). One Node process renders one page at a time; on a Postgres server,
 * which every process shares, N processes use N cores (BENCHMARKS.md, "Load"). Each keeps its own caches
 * (the reach index, computed answers), so memory grows with N. A process that dies is replaced; if they
 * keep dying (more than 3 per process in a minute) everything stops with exit code 1.
 */
import cluster, { type Worker } from "node:cluster";

export interface ServeProcessesOptions {
  count: number;
  /** The Next CLI and its arguments (`start -p … -H …`), run by every process. */
  exec: string;
  args: string[];
  env: Record<string, string>;
}

const RESTART_WINDOW_MS = 60_000;

export function serveProcesses({ count, exec, args, env }: ServeProcessesOptions): void {
  // Not this script's own flags (tsx's loader): each process is a plain `node next start`.
  cluster.setupPrimary({ exec, args, execArgv: [] });
  let stopping = false;
  const recentExits: number[] = [];
  const start = (): Worker => cluster.fork(env);
  for (let i = 0; i < count; i++) start();

  cluster.on("exit", (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    const now = Date.now();
    recentExits.push(now);
    while (recentExits.length && recentExits[0] < now - RESTART_WINDOW_MS) recentExits.shift();
    const why = signal ? `signal ${signal}` : `code ${code}`;
    if (recentExits.length > count * 3) {
      console.error(`blastmap: server processes keep exiting (the last with ${why}); stopping`);
      stopAll();
      process.exitCode = 1;
      return;
    }
    console.error(`blastmap: server process ${worker.process.pid} exited (${why}); starting another`);
    start();
  });

  function stopAll(signal: NodeJS.Signals = "SIGTERM"): void {
    stopping = true;
    const workers = Object.values(cluster.workers ?? {});
    if (workers.length === 0) process.exit(process.exitCode ?? 0);
    for (const worker of workers) worker?.process.kill(signal);
  }
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => stopAll(signal));
}
