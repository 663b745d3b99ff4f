/**
 * `blastmap guard sync` end to end: from a server's /api/v1/guard/snapshot over HTTP (every driver behind
 * the route), and from the local database through the real bin (PGlite, Postgres, and Neon's serverless driver through
 * the local WebSocket proxy). The snapshot it
 * writes is the one the hook reads: valid, with the key beside it (mode 600) that matches it.
 */
import { execFile, spawnSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { GET } from "@/app/api/v1/guard/snapshot/route";
import { setRouteDepsForTests } from "@/lib/api/route-deps";
import { createApiToken } from "@/lib/auth/api-tokens";
import { main } from "@/lib/cli/main";
import { silentContext } from "@/lib/collectors/types";
import { workspaceCollector } from "@/lib/collectors/workspace";
import { fingerprintSecret } from "@/lib/credentials/fingerprint";
import { openDatabase, type DatabaseHandle } from "@/lib/db/client";
import { migrateDatabase } from "@/lib/db/migrate";
import { findOrCreateSource } from "@/lib/db/queries/sources";
import { invalidateReachIndex } from "@/lib/db/queries/reach-index-cache";
import { describeEachDriver } from "@/lib/db/testing/drivers";
import { openScratchDatabase } from "@/lib/db/testing/scratch-database";
import { startWsProxy } from "@/lib/db/testing/ws-proxy";
import { demoWorkspaceConfig } from "@/lib/demo";
import { getEnv } from "@/lib/env";
import { ingestBatch } from "@/lib/db/store/ingest";
import { fingerprintKeyPath, readFingerprintKey, readSnapshot } from "@/lib/guard/snapshot";

const KEY = "guard-sync-int-test-fingerprint-key-0123456789";
const BIN = path.resolve("bin/blastmap.mjs");

function demoRailwayToken(): string {
  const script = fs.readFileSync(path.join(demoWorkspaceConfig().roots[0], "scripts", "custom-domains.sh"), "utf8");
  return /RAILWAY_TOKEN=(\S+)/.exec(script)![1];
}

async function loadDemo(db: DatabaseHandle["db"]): Promise<void> {
  invalidateReachIndex();
  await ingestBatch(db, "dana-laptop", await workspaceCollector.collect(demoWorkspaceConfig(), silentContext(Buffer.from(KEY))));
}

/** What the hook would do with the files sync wrote: read both and find the incident's token. */
function expectUsableSnapshot(file: string): void {
  const snapshot = readSnapshot(file);
  expect(fs.statSync(fingerprintKeyPath(file)).mode & 0o777).toBe(0o600);
  const key = readFingerprintKey({}, file, snapshot);
  expect(key.ok).toBe(true);
  const railway = snapshot.credentials[fingerprintSecret((key as { key: Buffer }).key, demoRailwayToken())];
  expect(railway?.reach.some((row) => row.action === "volumeDelete" && row.class === "D1")).toBe(true);
  expect(fs.readFileSync(file, "utf8")).not.toContain(demoRailwayToken());
}

describeEachDriver("blastmap guard sync --server", (testDb) => {
  let handle: DatabaseHandle;
  let server: http.Server;
  let url: string;
  let dir: string;
  beforeEach(async () => {
    handle = await testDb.create();
    await loadDemo(handle.db);
    setRouteDepsForTests({ db: handle.db, fingerprintKey: Buffer.from(KEY), configKey: Buffer.alloc(32, 1) });
    server = http.createServer(async (req, res) => {
      const response = await GET(new Request(`http://127.0.0.1${req.url}`, { headers: req.headers as Record<string, string> }));
      res.writeHead(response.status, { "content-type": "application/json" });
      res.end(await response.text());
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "guard-sync-"));
  });
  afterEach(async () => {
    server.close();
    setRouteDepsForTests(undefined);
    await handle.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const run = async (args: string[]) => {
    const err: string[] = [];
    const code = await main(args, { out: () => {}, err: (line) => err.push(line) });
    return { code, err: err.join("\n") };
  };

  it("writes the server's snapshot and key with a guard-sync token, and refuses an ingest token", async () => {
    const { token } = await createApiToken(handle.db, { name: "dana's guard", sourceIds: [], createdBy: "admin", scope: "guard-sync" });
    const file = path.join(dir, "guard", "snapshot.json");
    const synced = await run(["guard", "sync", "--server", url, "--token", token, "--out", file]);
    expect(synced, synced.err).toMatchObject({ code: 0 });
    expect(synced.err).toMatch(/guard snapshot: \d+ credentials, \d+ agents from http:\/\/127\.0\.0\.1/);
    expectUsableSnapshot(file);

    const source = await findOrCreateSource(handle.db, "laptop", "workspace");
    const ingest = await createApiToken(handle.db, { name: "laptop", sourceIds: [source.id], createdBy: "admin" });
    const refused = await run(["guard", "sync", "--server", url, "--token", ingest.token, "--out", path.join(dir, "other.json")]);
    expect(refused.code).toBe(2);
    expect(refused.err).toMatch(/403: This API token may not read the guard snapshot/);
    expect(fs.existsSync(path.join(dir, "other.json"))).toBe(false);
    expect((await run(["guard", "sync", "--server", url, "--token", "bm_not-a-token", "--out", path.join(dir, "x.json")])).err).toMatch(/401/);
  });
});

function syncThroughBin(dir: string, env: Record<string, string>) {
  const file = path.join(dir, "home", ".blastmap", "guard", "snapshot.json");
  const result = spawnSync(BIN, ["guard", "sync"], {
    env: { ...process.env, DATABASE_URL: "", BLASTMAP_FINGERPRINT_KEY: KEY, BLASTMAP_AUTH_SECRET: "a".repeat(40), BLASTMAP_GUARD_SNAPSHOT: file, ...env },
    encoding: "utf8",
    cwd: dir,
  });
  return { result, file };
}

describe("blastmap guard sync from the local database, through the bin", () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "guard-sync-local-"));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("[pglite] reads the embedded database and writes the snapshot where BLASTMAP_GUARD_SNAPSHOT says", { timeout: 120_000 }, async () => {
    const dataDir = path.join(dir, "data");
    const handle = await openDatabase({ driver: "pglite", dataDir: path.join(dataDir, "pgdata") });
    await migrateDatabase(handle);
    await loadDemo(handle.db);
    await handle.close();
    const { result, file } = syncThroughBin(dir, { BLASTMAP_DATA_DIR: dataDir });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout.trim()).toBe(file);
    expectUsableSnapshot(file);
  });

  it("[postgres] reads DATABASE_URL", { timeout: 120_000 }, async (ctx) => {
    let scratch: Awaited<ReturnType<typeof openScratchDatabase>>;
    try {
      scratch = await openScratchDatabase("pg");
    } catch (error) {
      if (getEnv().CI === "true") throw error;
      return ctx.skip(); // no Postgres server here; CI has one
    }
    try {
      await loadDemo(scratch.handle.db);
      const pgDir = fs.mkdtempSync(path.join(dir, "pg-"));
      const { result, file } = syncThroughBin(pgDir, { DATABASE_URL: scratch.url! });
      expect(result.status, result.stderr).toBe(0);
      expectUsableSnapshot(file);
    } finally {
      await scratch.dispose();
    }
  });

  it("[neon] reads DATABASE_URL through the Neon serverless driver", { timeout: 120_000 }, async (ctx) => {
    const proxy = await startWsProxy();
    let scratch: Awaited<ReturnType<typeof openScratchDatabase>>;
    try {
      scratch = await openScratchDatabase("neon", { neonWsProxy: proxy.address });
    } catch (error) {
      await proxy.close();
      if (getEnv().CI === "true") throw error;
      return ctx.skip(); // no Postgres server behind the proxy here; CI has one
    }
    try {
      await loadDemo(scratch.handle.db);
      const neonDir = fs.mkdtempSync(path.join(dir, "neon-"));
      // Not spawnSync: the WebSocket proxy runs in this process and must keep serving while the bin runs.
      const file = path.join(neonDir, "home", ".blastmap", "guard", "snapshot.json");
      const env = { ...process.env, DATABASE_URL: scratch.url!, BLASTMAP_DB_DRIVER: "neon", BLASTMAP_NEON_WS_PROXY: proxy.address, BLASTMAP_FINGERPRINT_KEY: KEY, BLASTMAP_AUTH_SECRET: "a".repeat(40), BLASTMAP_GUARD_SNAPSHOT: file };
      const result = await new Promise<{ status: number | null; stderr: string }>((resolve) => {
        execFile(BIN, ["guard", "sync"], { env, cwd: neonDir, encoding: "utf8" }, (error, _stdout, stderr) => resolve({ status: error ? (typeof error.code === "number" ? error.code : 1) : 0, stderr }));
      });
      expect(result.status, result.stderr).toBe(0);
      expectUsableSnapshot(file);
    } finally {
      await scratch.dispose();
      await proxy.close();
    }
  });
});
