/**
 * Faults (issue 15): the server killed in the middle of an ingest leaves the graph exactly as the last good
 * sweep left it, once the database is opened again (PGlite recovers its own files; Postgres rolls the open
 * transaction back); the database connections of a sweep cut by the server (what a Postgres restart does
 * to them) fail that sweep cleanly, with its message, and the next sweep succeeds. Connections are cut with
 * pg_terminate_backend on this test's own scratch database only, never by restarting the shared server.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterEach, expect, it } from "vitest";
import { openDatabase, type DatabaseHandle } from "@/lib/db/client";
import { migrateDatabase } from "@/lib/db/migrate";
import { findOrCreateSource } from "@/lib/db/queries/sources";
import { failAbandonedSweeps, getSweepOrThrow, listSweepsOfSource } from "@/lib/db/queries/sweeps";
import { queryRows } from "@/lib/db/rows";
import { adminQuery, describeEachDriver } from "@/lib/db/testing/drivers";
import { pushBatchAsSweep } from "@/lib/sweeps/push-batch";
import { estateBatch } from "@/lib/sweeps/testing/estate-batch";

const KEY = Buffer.from("k".repeat(40));

async function graphOf(handle: DatabaseHandle) {
  const nodes = await queryRows(handle.db, sql`select kind, key, name, props, source_id, is_ref from nodes order by kind, key`);
  const edges = await queryRows(handle.db, sql`select kind, src, dst, action, props, flags, source_id from edges order by src, kind, dst, action`);
  return { nodes, edges };
}

/** Runs the ingest process until it has written its batch (uncommitted), then kills it with SIGKILL. */
async function killDuringIngest(driver: string, location: string): Promise<void> {
  const child = spawn(process.execPath, ["--import", "tsx", "lib/sweeps/testing/ingest-process.ts", driver, location], { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  await new Promise<void>((resolve, reject) => {
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("written")) resolve();
    });
    child.stderr.on("data", (chunk: Buffer) => void (output += chunk.toString()));
    child.once("exit", (code) => reject(new Error(`the ingest process exited (${code}) before writing: ${output}`)));
  });
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGKILL");
  await exited;
}

describeEachDriver("faults", (testDb) => {
  let handle: DatabaseHandle & { url?: string };
  let cleanup: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await cleanup?.();
    cleanup = undefined;
  });

  it("a server killed during an ingest leaves the graph of the last good sweep", async () => {
    let location: string;
    let reopen: () => Promise<DatabaseHandle>;
    if (testDb.driver === "pglite") {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "blastmap-faults-"));
      location = path.join(dir, "pgdata");
      reopen = () => openDatabase({ driver: "pglite", dataDir: location });
      handle = await reopen();
      await migrateDatabase(handle);
      cleanup = async () => fs.rmSync(dir, { recursive: true, force: true });
    } else {
      handle = await testDb.create();
      location = handle.url!;
      reopen = () => openDatabase({ driver: "pg", url: location });
      const scratch = handle;
      cleanup = () => scratch.close();
    }
    const source = await findOrCreateSource(handle.db, "estate", "workspace");
    await pushBatchAsSweep(handle.db, source, estateBatch(2_000, "first"), KEY);
    const good = await graphOf(handle);
    expect(good.edges).toHaveLength(2_000);
    // PGlite allows one process at a time: the "server" process takes the folder over.
    if (testDb.driver === "pglite") await handle.close();

    await killDuringIngest(testDb.driver === "pglite" ? "pglite" : "pg", location);

    const after = await reopen();
    try {
      expect(await graphOf(after)).toEqual(good);
      // The restarted server's worker fails the sweep whose heartbeat stopped; then the next one goes through.
      expect(await failAbandonedSweeps(after.db, new Date())).toBe(1);
      expect((await listSweepsOfSource(after.db, source.id, 1))[0]).toMatchObject({ status: "failed", error: "the process running this sweep stopped" });
      const next = await pushBatchAsSweep(after.db, source, estateBatch(2_000, "third"), KEY);
      expect(next.stats).toMatchObject({ nodesAdded: 2_000, edgesAdded: 2_000, nodesPruned: 2_000 });
    } finally {
      await after.close();
    }
  }, 120_000);

  if (testDb.driver === "pg")
  it("a sweep whose database connections are cut fails cleanly with its message, and the next one succeeds", async () => {
    handle = await testDb.create();
    const scratch = handle;
    cleanup = () => scratch.close();
    const database = new URL(handle.url!).pathname.slice(1);
    const source = await findOrCreateSource(handle.db, "estate", "workspace");
    await pushBatchAsSweep(handle.db, source, estateBatch(1_000, "first"), KEY);
    const good = await graphOf(handle);

    // Cut every connection to this scratch database as soon as the sweep's transaction is writing.
    let cut = false;
    const cutter = (async () => {
      for (let i = 0; i < 3000 && !cut; i++) {
        const [busy] = (
          await adminQuery(`select count(*)::int as n from pg_stat_activity where datname = '${database}' and xact_start is not null and query ilike '%stage_%'`)
        ).rows as { n: number }[];
        if (busy.n > 0) {
          await adminQuery(`select pg_terminate_backend(pid) from pg_stat_activity where datname = '${database}' and pid <> pg_backend_pid()`);
          cut = true;
        } else await new Promise((resolve) => setTimeout(resolve, 5));
      }
    })();
    const failed = await pushBatchAsSweep(handle.db, source, estateBatch(200_000, "second"), KEY).catch((error: Error) => error);
    await cutter;
    expect(cut).toBe(true);
    expect(failed).toBeInstanceOf(Error);
    const [sweep] = await listSweepsOfSource(handle.db, source.id, 1);
    expect(sweep).toMatchObject({ status: "failed" });
    expect(sweep.error).toMatch(/database error 57P01|terminat|connection/i);
    expect(await graphOf(handle)).toEqual(good);

    const next = await pushBatchAsSweep(handle.db, source, estateBatch(1_000, "third"), KEY);
    expect((await getSweepOrThrow(handle.db, next.sweepId)).status).toBe("succeeded");
  }, 120_000);
});
