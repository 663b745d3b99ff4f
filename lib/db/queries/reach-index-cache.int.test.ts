import { sql } from "drizzle-orm";
import { afterEach, beforeEach, expect, it } from "vitest";
import type { DatabaseHandle } from "@/lib/db/client";
import { copyOutText, copyOutTextLines } from "@/lib/db/store/bulk-copy";
import { findDatabaseError } from "@/lib/db/database-error";
import { loadReachEdgeArrays } from "@/lib/db/queries/reach-index-cache";
import { queryRows } from "@/lib/db/rows";
import { describeEachDriver } from "@/lib/db/testing/drivers";
import { ingestBatch } from "@/lib/db/store/ingest";
import { edgeKindCode } from "@/lib/graph/kind-codes";
import { tangledBatch } from "@/lib/graph/reach/fixtures/tangled-graph";
import type { GraphBatch } from "@/lib/graph/types";

describeEachDriver("reach index loader", (testDb) => {
  let handle: DatabaseHandle;
  beforeEach(async () => {
    handle = await testDb.create();
  });
  afterEach(async () => {
    await handle.close();
  });

  it("reads every traversable edge with its flags and action, odd action names included", async () => {
    const batch = tangledBatch(7);
    const odd = ["drop\ttable", "back\\slash", "new\nline", "État", "it's"];
    const identity = batch.nodes.find((n) => n.kind === "identity")!;
    const resource = batch.nodes.find((n) => n.kind === "resource")!;
    const withOdd: GraphBatch = {
      ...batch,
      edges: [
        ...batch.edges,
        ...odd.map((action) => ({ kind: "can" as const, src: { kind: identity.kind, key: identity.key }, dst: { kind: resource.kind, key: resource.key }, props: { action, class: "D3" } })),
      ],
    };
    await ingestBatch(handle.db, "odd", withOdd);
    const arrays = await loadReachEdgeArrays(handle.db);
    const stored = await queryRows<{ src: number; dst: number; kind: number; flags: number; action: string }>(
      handle.db,
      sql`select src, dst, kind, flags, action from edges where kind <> ${edgeKindCode("gated_by")}`,
    );
    const key = (e: { src: number; dst: number; kind: number; flags: number; action: string }) => `${e.src}|${e.dst}|${e.kind}|${e.flags}|${e.kind === edgeKindCode("can") ? e.action : ""}`;
    const loaded = Array.from({ length: arrays.count }, (_, i) =>
      key({ src: arrays.src[i], dst: arrays.dst[i], kind: arrays.kind[i], flags: arrays.flags[i], action: arrays.action[i] < 0 ? "" : arrays.actions[arrays.action[i]] }),
    );
    expect(loaded.sort()).toEqual(stored.map((e) => key({ ...e, src: Number(e.src), dst: Number(e.dst), kind: Number(e.kind), flags: Number(e.flags) })).sort());
    for (const action of odd) expect(arrays.actions).toContain(action);
    const byteOrder = [...arrays.actions].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    expect(arrays.actions).toEqual(byteOrder);
  });

  it("reports a failed COPY and leaves the connection usable", async () => {
    // The Neon driver cannot COPY out: it answers null, and the loader takes its packed query.
    if (testDb.driver === "neon") expect(await copyOutText(handle.db, "no_such_table (id)")).toBeNull();
    else {
      const failure: unknown = await copyOutText(handle.db, "no_such_table (id)").catch((error: unknown) => error);
      expect(findDatabaseError(failure)).toEqual({ code: "42P01", message: expect.stringMatching(/no_such_table/) });
    }
    const [row] = await queryRows<{ one: number }>(handle.db, sql`select 1 as one`);
    expect(Number(row.one)).toBe(1);
  });

  it("streams whole lines, and a consumer that fails rejects the copy and leaves the connection usable", async () => {
    const lines: string[] = [];
    const streamed = await copyOutTextLines(handle.db, "select g, 'row ' || g from generate_series(1, 50000) g", (run) => {
      expect(run.at(-1)).toBe(10);
      lines.push(...run.toString("utf8").split("\n").slice(0, -1));
    });
    if (testDb.driver === "neon") {
      expect(streamed).toBe(false);
      return;
    }
    expect(lines).toEqual(Array.from({ length: 50000 }, (_, i) => `${i + 1}\trow ${i + 1}`));
    const failing = copyOutTextLines(handle.db, "select g from generate_series(1, 50000) g", () => {
      throw new Error("consumer failed");
    });
    await expect(failing).rejects.toThrow(/consumer failed/);
    const [row] = await queryRows<{ one: number }>(handle.db, sql`select 1 as one`);
    expect(Number(row.one)).toBe(1);
  });

  it("never sees what an open transaction has not committed", async () => {
    await handle.db.execute(sql`create table half_written (n int)`);
    let finishWriting!: () => void;
    const writerMayFinish = new Promise<void>((resolve) => (finishWriting = resolve));
    let firstRowWritten!: () => void;
    const halfWritten = new Promise<void>((resolve) => (firstRowWritten = resolve));
    const writing = handle.db.transaction(async (tx) => {
      await tx.execute(sql`insert into half_written values (1)`);
      firstRowWritten();
      await writerMayFinish;
      await tx.execute(sql`insert into half_written values (2)`);
    });
    await halfWritten;
    // PGlite runs one session: a copy slipped in between the writer's statements would read its first row.
    const copying = copyOutText(handle.db, "half_written (n)");
    await new Promise((resolve) => setTimeout(resolve, 50));
    finishWriting();
    await writing;
    const copied = await copying;
    if (testDb.driver === "neon") expect(copied).toBeNull();
    else expect(["", "1\n2\n"]).toContain(copied!.toString("utf8"));
  });

  it("copies out inside a transaction too, seeing its uncommitted rows", async () => {
    // PGlite's transaction object has no raw protocol stream: it copies through /dev/blob instead.
    const copied = await handle.db.transaction(async (tx) => {
      await tx.execute(sql`create temp table t (n int) on commit drop`);
      await tx.execute(sql`insert into t select generate_series(1, 3)`);
      return copyOutText(tx, "t (n)");
    });
    if (testDb.driver === "neon") expect(copied).toBeNull();
    else expect(copied!.toString("utf8")).toBe("1\n2\n3\n");
  });
});
