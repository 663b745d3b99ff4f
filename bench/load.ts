/**
 * Load benchmark (issue 15): N concurrent signed-in users on agent pages and the graph API, with the
 * health check polled throughout, against a running `npm start` on a seeded database.
 *
 *   1. seed the estate: `npx tsx bench/ui.ts seed --edges 100000` (BLASTMAP_DATA_DIR / DATABASE_URL);
 *   2. start the server on that database (`npm start`);
 *   3. `npx tsx bench/load.ts --url http://localhost:3000 --password … [--users 50] [--requests 500]
 *      [--pid <server pid>] [--mix both|agent|graph] [--processes N]`.
 *
 * Each user signs in once (its own session), then the users take turns on a shared queue of requests:
 * the agent page (HTML) of one of the agents with the most reach, and the graph API for an agent's reach,
 * alternately. Another loop asks /api/health every 100 ms. With --pid (the `npm start` process), the CPU
 * the server's processes used during the run is reported per request: unlike latency, a busy shared
 * machine does not inflate it. Writes bench/results/load-<label>.json.
 * Timing never goes in tests.
 */
import fs from "node:fs";
import path from "node:path";

function argument(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 && process.argv[at + 1] ? process.argv[at + 1] : fallback;
}

const url = argument("url", "http://localhost:3000");
const password = argument("password", "");
const username = argument("username", "admin");
const users = Number(argument("users", "50"));
const total = Number(argument("requests", "500"));
const label = argument("label", "run");
const serverPid = Number(argument("pid", "0"));
// Which requests the users send: both kinds alternately (the benchmark), or one kind, to see what each costs.
const mix = argument("mix", "both");
const processes = Number(argument("processes", "1"));
if (!["both", "agent", "graph"].includes(mix)) throw new Error("--mix must be both, agent or graph");

/** CPU seconds (user + system) used so far by a process and all its descendants, from /proc (Linux). */
function treeCpuSeconds(root: number): number {
  const ticks = 100; // USER_HZ on Linux
  const stats = new Map<number, { parent: number; cpu: number }>();
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const text = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      const fields = text.slice(text.lastIndexOf(")") + 2).split(" "); // fields from the state on
      stats.set(Number(entry), { parent: Number(fields[1]), cpu: (Number(fields[11]) + Number(fields[12])) / ticks });
    } catch {
      // gone since the listing
    }
  }
  const inTree = (pid: number): boolean => {
    for (let at = pid, hops = 0; at > 1 && hops < 64; at = stats.get(at)?.parent ?? 0, hops++) if (at === root) return true;
    return false;
  };
  let total = 0;
  for (const [pid, stat] of stats) if (inTree(pid)) total += stat.cpu;
  return total;
}

/** The machine's CPU time so far, busy and idle, in ticks over all cores (Linux's /proc/stat). */
function machineTicks(): { busy: number; idle: number } {
  const [, ...fields] = fs.readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/);
  const [user, nice, system, idle, iowait, irq, softirq, steal] = fields.map(Number);
  return { busy: user + nice + system + irq + softirq + steal, idle: idle + iowait };
}

/** Signs in through next-auth's credentials callback, as the sign-in form does; returns the cookie header. */
async function signIn(): Promise<string> {
  const jar = new Map<string, string>();
  const keep = (response: Response) => {
    for (const line of response.headers.getSetCookie()) {
      const pair = line.split(";")[0];
      jar.set(pair.slice(0, pair.indexOf("=")), pair.slice(pair.indexOf("=") + 1));
    }
  };
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
  const csrf = await fetch(`${url}/api/auth/csrf`);
  keep(csrf);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const response = await fetch(`${url}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookie() },
    body: new URLSearchParams({ csrfToken, username, password, json: "true" }),
  });
  keep(response);
  if (![...jar.keys()].some((name) => name.endsWith("next-auth.session-token"))) throw new Error(`sign-in failed: ${response.status}`);
  return cookie();
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function summarise(samples: { ms: number; ok: boolean; bytes?: number }[]) {
  const ms = samples.map((s) => s.ms).sort((a, b) => a - b);
  return {
    count: samples.length,
    errors: samples.filter((s) => !s.ok).length,
    p50: Math.round(percentile(ms, 50)),
    p95: Math.round(percentile(ms, 95)),
    p99: Math.round(percentile(ms, 99)),
    max: Math.round(ms[ms.length - 1] ?? NaN),
    // The health check's target is 200 ms throughout: how many answers took longer.
    over200ms: ms.filter((m) => m > 200).length,
    // What each answer weighs (HTML or JSON, before compression): what the server had to render.
    meanKB: Math.round(samples.reduce((sum, s) => sum + (s.bytes ?? 0), 0) / Math.max(1, samples.length) / 1024),
  };
}

async function timedFetch(target: string, cookie?: string, options: { fresh?: boolean } = {}): Promise<{ ms: number; ok: boolean; status: number; bytes: number }> {
  const started = performance.now();
  try {
    const headers: Record<string, string> = cookie ? { cookie } : {};
    if (options.fresh) headers.connection = "close";
    const response = await fetch(`${url}${target}`, { headers, redirect: "manual" });
    const body = await response.arrayBuffer();
    return { ms: performance.now() - started, ok: response.status === 200, status: response.status, bytes: body.byteLength };
  } catch {
    return { ms: performance.now() - started, ok: false, status: 0, bytes: 0 };
  }
}

/** How long the server is left alone between the warm-up and the run. */
const SETTLE_MS = 3_000;

async function main(): Promise<void> {
  const cookies: string[] = [];
  for (let i = 0; i < users; i++) cookies.push(await signIn()); // one at a time: throttling is per failure, not per success
  // The agents with the most reach come first on /agents.
  const list = await (await fetch(`${url}/agents`, { headers: { cookie: cookies[0] } })).text();
  const agentIds = [...new Set([...list.matchAll(/href="\/agents\/(\d+)"/g)].map((m) => Number(m[1])))].slice(0, 10);
  if (agentIds.length === 0) throw new Error("no agents on /agents: seed the estate first");
  // One warm-up of each page and drawing, so the first build of the reach index and of each agent's answers
  // (kept per index until the next sweep) is not counted.
  // With --processes N (a server of N processes sharing the port), each on a connection of its own so that
  // every process is warmed: the port hands new connections to the processes in turn.
  for (let round = 0; round < processes; round++) {
    for (const id of agentIds) {
      await timedFetch(`/agents/${id}`, cookies[0], { fresh: processes > 1 });
      await timedFetch(`/graph/data?agent=${id}`, cookies[0], { fresh: processes > 1 });
    }
    await timedFetch("/api/health", undefined, { fresh: processes > 1 });
  }
  // A server just started compiles every route's modules in the background (Next's preloadEntriesOnStart),
  // holding its one thread up to a third of a second at a time: that is its start, not its load. Wait it out.
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));

  const health: { ms: number; ok: boolean; bytes: number }[] = [];
  let running = true;
  const healthLoop = (async () => {
    while (running) {
      health.push(await timedFetch("/api/health"));
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  })();

  const samples: Record<"agentPage" | "graphApi", { ms: number; ok: boolean; bytes: number }[]> = { agentPage: [], graphApi: [] };
  let next = 0;
  const cpuBefore = serverPid ? treeCpuSeconds(serverPid) : NaN;
  const clientBefore = process.cpuUsage();
  const machineBefore = machineTicks();
  const started = performance.now();
  await Promise.all(
    cookies.map(async (cookie) => {
      for (;;) {
        const i = next++;
        if (i >= total) return;
        const agent = agentIds[i % agentIds.length];
        if (mix === "agent" || (mix === "both" && i % 2 === 0)) samples.agentPage.push(await timedFetch(`/agents/${agent}`, cookie));
        else samples.graphApi.push(await timedFetch(`/graph/data?agent=${agent}`, cookie));
      }
    }),
  );
  const wallMs = Math.round(performance.now() - started);
  const cpuSeconds = serverPid ? treeCpuSeconds(serverPid) - cpuBefore : NaN;
  const client = process.cpuUsage(clientBefore);
  const machineAfter = machineTicks();
  const busyTicks = machineAfter.busy - machineBefore.busy;
  const machineBusy = busyTicks / (busyTicks + machineAfter.idle - machineBefore.idle);
  running = false;
  await healthLoop;

  const results = {
    label,
    url,
    at: new Date().toISOString(),
    users,
    requests: total,
    mix,
    processes,
    wallMs,
    requestsPerSecond: Math.round((total / wallMs) * 10000) / 10,
    // The server's CPU (all its processes) during the run, per agent page or graph request (health polls included).
    serverCpuMsPerRequest: serverPid ? Math.round((cpuSeconds * 1000) / total) : null,
    // This load generator's own CPU per request: it shares the machine with the server and the database.
    // How busy the whole machine was (every core, every process: server, database, this client, others).
    machineBusyPercent: Math.round(machineBusy * 100),
    clientCpuMsPerRequest: Math.round(((client.user + client.system) / 1000 / total) * 10) / 10,
    agents: agentIds.length,
    agentPage: summarise(samples.agentPage),
    graphApi: summarise(samples.graphApi),
    health: summarise(health),
  };
  fs.mkdirSync("bench/results", { recursive: true });
  fs.writeFileSync(path.join("bench/results", `load-${label}.json`), `${JSON.stringify(results, null, 2)}\n`);
  console.log(JSON.stringify(results, null, 2));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
