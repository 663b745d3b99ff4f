/**
 * The only module that knows which database driver runs:
 *   DATABASE_URL unset                         → embedded PGlite in the data directory;
 *   a Neon host, or BLASTMAP_DB_DRIVER=neon    → @neondatabase/serverless over WebSockets;
 *   any other postgres:// URL                  → node-postgres.
 * All three are wrapped by Drizzle with the same schema, so the rest of the code sees one `Db` type, and
 * each gets its driver's COPY channel (lib/db/store/copy-channel.ts), so the store's bulk writes and the
 * reach index's bulk reads never ask which driver they are on.
 */
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { Pool as NeonPool, neonConfig } from "@neondatabase/serverless";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzleNeon } from "drizzle-orm/neon-serverless";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import pg from "pg";
import ws from "ws";
import { ensureDataDir } from "@/lib/data-dir";
import { lockDataDir } from "@/lib/db/data-dir-lock";
import * as schema from "@/lib/db/schema";
import { bindCopyChannel, type CopyChannel } from "@/lib/db/store/copy-channel";
import { neonCopyChannel } from "@/lib/db/store/copy-neon";
import { pgCopyChannel } from "@/lib/db/store/copy-pg";
import { pgliteCopyChannel } from "@/lib/db/store/copy-pglite";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
export type DriverName = "pglite" | "pg" | "neon";

export interface DatabaseHandle {
  db: Db;
  driver: DriverName;
  /** Where it lives, without credentials: a folder for PGlite, host:port/database otherwise. */
  location: string;
  /**
   * How the job queue (pg-boss, lib/sweeps/job-queue.ts) reaches the same database: through this very
   * PGlite instance (a second one may not open the folder), or with a small pool of its own on the URL.
   */
  jobsConnection: { pglite: PGlite } | { url: string };
  /**
   * `select 1` for a readiness check. On a server's pool it runs on a connection of its own: with every
   * pooled connection busy serving pages, a probe queued behind them answered in seconds (issue 15's load
   * run), saying the database was slow when it was only busy.
   */
  probe(): Promise<void>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  url?: string;
  driver?: DriverName;
  dataDir?: string;
  /** Neon only: "host:port/path" of a ws→TCP proxy, for local servers. */
  neonWsProxy?: string;
}

export function chooseDriver(url: string | undefined, explicit?: DriverName): DriverName {
  if (explicit) return explicit;
  if (!url) return "pglite";
  const host = new URL(url).hostname;
  return /\.neon\.(tech|build)$/.test(host) ? "neon" : "pg";
}

export async function openDatabase(options: DatabaseOptions = {}): Promise<DatabaseHandle> {
  const env = getEnv();
  const url = options.url ?? env.DATABASE_URL;
  const driver = chooseDriver(url, options.driver ?? env.BLASTMAP_DB_DRIVER);
  switch (driver) {
    case "pglite":
      return openPglite(options.dataDir ?? path.join(ensureDataDir(), "pgdata"));
    case "pg":
      return openNodePostgres(requireUrl(url, driver));
    case "neon":
      return openNeon(requireUrl(url, driver), options.neonWsProxy ?? env.BLASTMAP_NEON_WS_PROXY);
    default:
      return assertNever(driver);
  }
}

async function openPglite(dir: string): Promise<DatabaseHandle> {
  ensureDataDir(path.dirname(dir));
  const lock = lockDataDir(path.dirname(dir));
  let client: PGlite;
  try {
    client = await PGlite.create(dir);
    yieldBeforeEachStatement(client);
    await client.query("select 1");
  } catch (error) {
    lock.release();
    throw new AppError(
      "database:corrupt",
      `The embedded database in ${dir} could not be opened (${errorSummary(error)}). It was left untouched: ` +
        "restore the folder from a backup, or move it aside to start with an empty database.",
      { cause: error },
    );
  }
  return {
    db: withCopyChannel(drizzlePglite(client, { schema }) as unknown as Db, pgliteCopyChannel),
    driver: "pglite",
    location: dir,
    jobsConnection: { pglite: client },
    // One connection for everything: the health route says "busy" when the probe waits behind a sweep.
    probe: async () => void (await client.query("select 1")),
    async close() {
      await client.close();
      lock.release();
    },
  };
}

/**
 * PGlite runs Postgres in this thread, synchronously: a query's promise settles without the event loop
 * ever turning, so a sweep's hundreds of statements in a row held the server whole (a health check went
 * unanswered for the length of a large push). Each protocol message now waits for one turn of the event
 * loop first, so requests are served between statements; one long statement still holds it, which is
 * why batches are capped (lib/graph/batch-limits.ts). The methods are PGlite's own entry points for
 * protocol messages (query, exec, transactions and COPY all go through them).
 */
function yieldBeforeEachStatement(client: PGlite): void {
  const methods = ["execProtocol", "execProtocolRaw", "execProtocolStream", "execProtocolRawStream"] as const;
  const target = client as unknown as Record<string, unknown>;
  for (const name of methods) {
    const original = target[name];
    if (typeof original !== "function") continue;
    target[name] = async function (this: unknown, ...args: unknown[]) {
      await new Promise((resolve) => setImmediate(resolve));
      return (original as (...a: unknown[]) => unknown).apply(this, args);
    };
  }
}

async function openNodePostgres(url: string): Promise<DatabaseHandle> {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  pool.on("error", () => {}); // idle-client errors surface on the next query instead of crashing the process
  // A client in use (a sweep's transaction) whose connection the server cuts, as a Postgres restart does,
  // emits "error" besides failing its query; unheard, that event would take the whole process down.
  pool.on("connect", (client) => void client.on("error", () => {}));
  await checkReachable(url, () => pool.query("select 1"), () => pool.end());
  const probes = new ProbeConnection(() => new pg.Pool({ connectionString: url, max: 1 }));
  return {
    db: withCopyChannel(drizzlePg(pool, { schema }) as unknown as Db, pgCopyChannel),
    driver: "pg",
    location: describeUrl(url),
    jobsConnection: { url },
    probe: () => probes.query(),
    close: async () => void (await Promise.all([pool.end(), probes.end()])),
  };
}

async function openNeon(url: string, wsProxy: string | undefined): Promise<DatabaseHandle> {
  neonConfig.webSocketConstructor = ws;
  if (wsProxy) {
    // A local server behind a plain ws→TCP proxy: no TLS on the socket, and no pipelined startup
    // (the proxy cannot answer the password message before the server asks for it).
    neonConfig.wsProxy = (host, port) => `${wsProxy}?address=${host}:${port}`;
    neonConfig.useSecureWebSocket = false;
    neonConfig.pipelineConnect = false;
    neonConfig.pipelineTLS = false;
  }
  const pool = new NeonPool({ connectionString: url, max: 10 });
  pool.on("error", () => {});
  pool.on("connect", (client: { on(event: "error", listener: () => void): unknown }) => void client.on("error", () => {})); // as for node-postgres above
  await checkReachable(url, () => pool.query("select 1"), () => pool.end());
  const probes = new ProbeConnection(() => new NeonPool({ connectionString: url, max: 1 }));
  return {
    db: withCopyChannel(drizzleNeon(pool, { schema }) as unknown as Db, neonCopyChannel),
    driver: "neon",
    location: describeUrl(url),
    jobsConnection: { url },
    probe: () => probes.query(),
    close: async () => void (await Promise.all([pool.end(), probes.end()])),
  };
}

/** A pool of one, opened at the first probe (most handles, the CLI's, are never probed). */
class ProbeConnection {
  private pool: { query(text: string): Promise<unknown>; end(): Promise<void>; on(event: "error", listener: () => void): unknown } | null = null;

  constructor(private readonly open: () => NonNullable<ProbeConnection["pool"]>) {}

  async query(): Promise<void> {
    if (!this.pool) {
      this.pool = this.open();
      this.pool.on("error", () => {}); // as for the main pool: a cut connection fails the next probe instead
    }
    await this.pool.query("select 1");
  }

  async end(): Promise<void> {
    await this.pool?.end();
  }
}

function withCopyChannel(db: Db, channel: CopyChannel): Db {
  bindCopyChannel(db, channel);
  return db;
}

async function checkReachable(url: string, probe: () => Promise<unknown>, close: () => Promise<void>): Promise<void> {
  try {
    await probe();
  } catch (error) {
    await close().catch(() => {});
    throw new AppError(
      "database:unreachable",
      `Cannot use the database at ${describeUrl(url)} (${errorSummary(error)}). Check that the server is running and that DATABASE_URL is right.`,
      { cause: error },
    );
  }
}

/** host:port/database, never the password. */
export function describeUrl(url: string): string {
  const parsed = new URL(url);
  return `${parsed.hostname}:${parsed.port || 5432}${parsed.pathname}`;
}

function errorSummary(error: unknown): string {
  const code = (error as { code?: string }).code;
  const message = error instanceof Error ? error.message : String(error);
  return code && !message.includes(code) ? `${code}: ${message}` : message || String(code ?? "unknown error");
}

function requireUrl(url: string | undefined, driver: DriverName): string {
  if (!url) throw new AppError("config:database_url", `The ${driver} driver needs DATABASE_URL.`);
  return url;
}

function assertNever(value: never): never {
  throw new Error(`unhandled driver ${String(value)}`);
}
