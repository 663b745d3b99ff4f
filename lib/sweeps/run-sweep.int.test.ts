import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/lib/db/client";
import { findOrCreateSource } from "@/lib/db/queries/sources";
import { getSweepOrThrow, listSweepLogs, requestSweepCancel, startSweep } from "@/lib/db/queries/sweeps";
import { queryRows } from "@/lib/db/rows";
import { describeEachDriver } from "@/lib/db/testing/drivers";
import { runSweep } from "@/lib/sweeps/run-sweep";
import { FAKE_SECRET, postureBatch } from "@/lib/sweeps/testing/posture-batch";

const fingerprintKey = Buffer.from("test-fingerprint-key-0123456789abcdef");

describeEachDriver("runSweep", (testDb) => {
  let handle: DatabaseHandle;
  let sourceId: number;

  beforeAll(async () => {
    handle = await testDb.create();
    sourceId = (await findOrCreateSource(handle.db, "ci-workspace", "workspace")).id;
  });
  afterAll(() => handle?.close());

  const graphState = async () => ({
    nodes: await queryRows(handle.db, sql`select kind, key, name, props, source_id, is_ref, last_seen_sweep from nodes order by kind, key`),
    edges: await queryRows(handle.db, sql`select kind, src, dst, action, props, flags, source_id, first_seen_sweep from edges order by src, kind, dst, action`),
    findings: await queryRows(handle.db, sql`select id, status, last_seen_sweep, resolved_at from findings order by id`),
  });

  it("loads a batch, analyses, and records counts, a diff and logs", async () => {
    const sweep = await startSweep(handle.db, sourceId, "push");
    const outcome = await runSweep(handle.db, sweep, { produce: async () => postureBatch(), fingerprintKey });
    expect(outcome.status).toBe("succeeded");
    const stored = await getSweepOrThrow(handle.db, sweep.id);
    expect(stored.status).toBe("succeeded");
    expect(stored.stats).toMatchObject({ nodesAdded: 6, edgesAdded: 5, nodesPruned: 0 });
    expect(stored.diff?.credentialsAdded.map((c) => c.name)).toEqual(["railway token"]);
    expect(stored.diff?.reachAdded).toContainEqual({ agent: "claude-code @ ci-runner", action: "volume.delete", class: "D1", resource: "volume prod-db" });
    const logs = await listSweepLogs(handle.db, sweep.id);
    expect(logs.at(-1)?.message).toMatch(/^succeeded: nodes \+6/);
  });

  it("diffs the next sweep against the state the previous one left", async () => {
    const sweep = await startSweep(handle.db, sourceId, "push");
    const outcome = await runSweep(handle.db, sweep, { produce: async () => postureBatch({ volume: "billing-db" }), fingerprintKey });
    expect(outcome.status).toBe("succeeded");
    if (outcome.status !== "succeeded") return;
    expect(outcome.diff.credentialsAdded).toEqual([]);
    expect(outcome.diff.reachAdded.map((r) => r.resource)).toEqual(["volume billing-db"]);
    expect(outcome.diff.reachRemoved.map((r) => r.resource)).toEqual(["volume prod-db"]);
    expect(outcome.stats.nodesPruned).toBe(1);
  });

  it("a collector that throws halfway leaves graph and findings exactly as before", async () => {
    const before = await graphState();
    const sweep = await startSweep(handle.db, sourceId, "manual");
    const outcome = await runSweep(handle.db, sweep, {
      produce: async (ctx) => {
        ctx.progress({ phase: "scanning", done: 5, total: 10 });
        throw new Error("disk vanished halfway");
      },
      fingerprintKey,
    });
    expect(outcome.status).toBe("failed");
    expect((await getSweepOrThrow(handle.db, sweep.id)).error).toContain("disk vanished halfway");
    expect(await graphState()).toEqual(before);
  });

  it("a batch that fails while loading rolls back, analysis included", async () => {
    const before = await graphState();
    const sweep = await startSweep(handle.db, sourceId, "manual");
    // Valid shape, then a failure inside the transaction: an edge to a node of the batch... made invalid by a bad props type for the store.
    const batch = postureBatch({ volume: "x".repeat(10) });
    const outcome = await runSweep(handle.db, sweep, {
      produce: async () => ({ ...batch, nodes: [...batch.nodes, { kind: "resource", key: "k", name: "bad\u0000name" }] }),
      fingerprintKey,
    });
    expect(outcome.status).toBe("failed");
    expect(await graphState()).toEqual(before);
  });

  it("cancel through the database reaches the runner; nothing changes", async () => {
    const before = await graphState();
    const sweep = await startSweep(handle.db, sourceId, "manual");
    const running = runSweep(handle.db, sweep, {
      produce: (ctx) => new Promise((_, reject) => ctx.signal?.addEventListener("abort", () => reject(new Error("stopped")))),
      fingerprintKey,
      heartbeatMs: 50,
    });
    await new Promise((r) => setTimeout(r, 100));
    await requestSweepCancel(handle.db, sweep.id);
    const outcome = await running;
    expect(outcome.status).toBe("cancelled");
    expect((await getSweepOrThrow(handle.db, sweep.id)).status).toBe("cancelled");
    expect(await graphState()).toEqual(before);
  });

  it("a sweep past its timeout fails, even when the collector ignores its signal", async () => {
    const sweep = await startSweep(handle.db, sourceId, "manual");
    const outcome = await runSweep(handle.db, sweep, { produce: () => new Promise(() => {}), fingerprintKey, timeoutMs: 100 });
    expect(outcome).toMatchObject({ status: "failed", error: "timed out after 0 s" });
  });

  it("allows one active sweep per source", async () => {
    const first = await startSweep(handle.db, sourceId, "manual");
    await expect(startSweep(handle.db, sourceId, "manual")).rejects.toMatchObject({ code: "conflict:sweep_running" });
    await runSweep(handle.db, first, { produce: async () => postureBatch({ volume: "billing-db" }), fingerprintKey });
    const next = await startSweep(handle.db, sourceId, "manual");
    await runSweep(handle.db, next, { produce: async () => postureBatch({ volume: "billing-db" }), fingerprintKey });
  });

  it("never writes a planted secret to the sweep, its logs or the graph", async () => {
    const sweep = await startSweep(handle.db, sourceId, "push");
    const batch = postureBatch({ volume: "billing-db" });
    const outcome = await runSweep(handle.db, sweep, {
      produce: async () => ({ ...batch, warnings: [{ code: "x", message: "could not parse line" }], nodes: [...batch.nodes, { kind: "file", key: 7, name: FAKE_SECRET }] }),
      fingerprintKey,
    });
    // The bad record (a key that is not text) is left out with a warning naming its path, never its values.
    expect(outcome.status).toBe("succeeded");
    const logs = await listSweepLogs(handle.db, sweep.id);
    expect(logs.map((l) => l.message)).toContainEqual(expect.stringMatching(/^warning: nodes\[\d+\]\.key: .*left out/));
    const graph = await queryRows(handle.db, sql`select key, name, props from nodes`);
    const dump = JSON.stringify([await getSweepOrThrow(handle.db, sweep.id), logs, graph]);
    expect(dump).not.toContain(FAKE_SECRET);
  });
});

describe("runSweep test fixture", () => {
  it("uses an obviously fake secret", () => expect(FAKE_SECRET).toMatch(/FAKE/));
});
