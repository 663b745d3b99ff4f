import { sql } from "drizzle-orm";
import { afterEach, beforeEach, expect, it } from "vitest";
import { openDatabase, type DatabaseHandle } from "@/lib/db/client";
import { queryRows } from "@/lib/db/rows";
import { describeEachDriver } from "@/lib/db/testing/drivers";
import { findOrCreateSource } from "@/lib/db/queries/sources";
import { markSweepSucceeded, startSweep } from "@/lib/db/queries/sweeps";
import { ingestBatch } from "@/lib/db/store/ingest";
import { applyBatch, type ApplyOptions } from "@/lib/db/store/store";
import type { GraphBatch } from "@/lib/graph/types";
import { validateBatch } from "@/lib/graph/validate-batch";

const agent = { kind: "agent", key: "agent:m1:cursor:/p", name: "Cursor" } as const;
const file = { kind: "file", key: "file:m1:/p/.env", name: ".env" } as const;
const cred = { kind: "credential", key: "cred:hmac:abc", name: "postgres url", props: { preview: "post…5432" } } as const;
const identityRef = { kind: "identity", key: "postgres:127.0.0.1:5432:role:app", name: "app", ref: true } as const;

function batch(overrides: Partial<GraphBatch> = {}): GraphBatch {
  return {
    collector: "workspace",
    nodes: [agent, file, cred, identityRef],
    edges: [
      { kind: "can_read", src: agent, dst: file },
      { kind: "contains", src: file, dst: cred },
      { kind: "authenticates_as", src: cred, dst: identityRef },
    ],
    warnings: [],
    ...overrides,
  };
}

async function snapshot(handle: DatabaseHandle) {
  const nodes = await queryRows(handle.db, sql`select id, kind, key, name, props, source_id, is_ref, first_seen_sweep from nodes order by id`);
  const edges = await queryRows(handle.db, sql`select kind, src, dst, action, props, flags, source_id, first_seen_sweep from edges order by src, kind, dst, action`);
  return { nodes, edges };
}

describeEachDriver("graph store", (testDb) => {
  let handle: DatabaseHandle & { url?: string };
  beforeEach(async () => {
    handle = await testDb.create();
  });
  afterEach(async () => {
    await handle.close();
  });

  it("loads a batch and re-ingesting the same batch changes nothing", async () => {
    const first = await ingestBatch(handle.db, "laptop", batch());
    expect(first.stats).toMatchObject({ nodesAdded: 4, edgesAdded: 3, nodesPruned: 0 });
    const before = await snapshot(handle);

    const second = await ingestBatch(handle.db, "laptop", batch());
    expect(second.stats).toEqual({ nodesAdded: 0, nodesUpdated: 0, nodesPruned: 0, edgesAdded: 0, edgesUpdated: 0, edgesPruned: 0 });
    expect(await snapshot(handle)).toEqual(before);
  });

  it("rewrites no stored node or edge when a sweep reports it unchanged, and counts a changed one as updated", async () => {
    await ingestBatch(handle.db, "laptop", batch());
    const versions = async () => ({
      nodes: await queryRows<{ xmin: string }>(handle.db, sql`select xmin::text as xmin from nodes order by id`),
      edges: await queryRows<{ xmin: string }>(handle.db, sql`select xmin::text as xmin from edges order by src, kind, dst, action`),
    });
    const before = await versions();
    await ingestBatch(handle.db, "laptop", batch());
    expect(await versions()).toEqual(before);

    const renamed = await ingestBatch(handle.db, "laptop", batch({ nodes: [agent, { ...file, name: ".env (moved)" }, cred, identityRef] }));
    expect(renamed.stats).toMatchObject({ nodesAdded: 0, nodesUpdated: 1, nodesPruned: 0 });

    const changed = batch({
      edges: [
        { kind: "can_read", src: agent, dst: file, props: { via: "shell" } },
        { kind: "contains", src: file, dst: cred },
        { kind: "authenticates_as", src: cred, dst: identityRef },
      ],
    });
    const result = await ingestBatch(handle.db, "laptop", changed);
    expect(result.stats).toMatchObject({ edgesAdded: 0, edgesUpdated: 1, edgesPruned: 0 });
  });

  it("stores what reach needs from an edge's props as packed flags", async () => {
    const volume = { kind: "resource", key: "railway:volume:v1", name: "v1" } as const;
    await ingestBatch(handle.db, "laptop", batch({
      nodes: [agent, file, cred, identityRef, volume],
      edges: [
        { kind: "can_read", src: agent, dst: file },
        { kind: "can", src: identityRef, dst: volume, props: { action: "volumeDelete", class: "D1", assumed: true } },
      ],
    }));
    const rows = await queryRows<{ action: string; flags: number }>(handle.db, sql`select action, flags from edges order by action`);
    expect(rows).toEqual([{ action: "", flags: 0 }, { action: "volumeDelete", flags: 1 | 8 }]);
  });

  it("lets concurrent sweeps of two sources that share a node both land", async () => {
    const shared = { kind: "identity", key: "aws:123:user/ci", name: "ci" } as const;
    const sweepOf = (machine: string) => ({
      collector: "workspace" as const,
      nodes: [{ kind: "agent" as const, key: `agent:${machine}`, name: machine }, shared],
      edges: [{ kind: "authenticates_as" as const, src: { kind: "agent" as const, key: `agent:${machine}` }, dst: shared }],
      warnings: [],
    });
    await Promise.all([ingestBatch(handle.db, "m1", sweepOf("m1")), ingestBatch(handle.db, "m2", sweepOf("m2"))]);
    const rows = await queryRows<{ key: string }>(handle.db, sql`select key from nodes order by key`);
    expect(rows.map((r) => r.key)).toEqual(["agent:m1", "agent:m2", shared.key]);
    expect(await queryRows(handle.db, sql`select count(*)::int as n from edges`)).toEqual([{ n: 2 }]);
  });

  it("keeps the cascades of the dropped foreign keys: a deleted node takes its edges, a deleted source leaves them detached", async () => {
    const { sourceId } = await ingestBatch(handle.db, "laptop", batch());
    await handle.db.execute(sql`delete from sources where id = ${sourceId}`);
    const detached = await queryRows<{ source_id: number | null }>(handle.db, sql`select source_id from edges`);
    expect(detached).toEqual([{ source_id: null }, { source_id: null }, { source_id: null }]);

    await handle.db.execute(sql`delete from nodes where key = ${file.key}`);
    const left = await queryRows<{ kind: number }>(handle.db, sql`select kind from edges`);
    expect(left).toHaveLength(1); // only credential → identity: both edges of the file went with it
  });

  it("prunes what the source no longer reports, and only that source", async () => {
    await ingestBatch(handle.db, "laptop", batch());
    const other = { kind: "identity", key: "postgres:127.0.0.1:5432:role:app", name: "app (role)", props: { superuser: false } } as const;
    await ingestBatch(handle.db, "pg-server", { collector: "postgres", nodes: [other], edges: [] });

    // The laptop no longer has the .env file: file, credential and their edges go; the identity stays,
    // because the postgres source reports it in full.
    const result = await ingestBatch(handle.db, "laptop", batch({ nodes: [agent], edges: [] }));
    expect(result.stats).toMatchObject({ nodesPruned: 2, edgesPruned: 3 });
    const keys = (await snapshot(handle)).nodes.map((n) => (n as { key: string }).key);
    expect(keys.sort()).toEqual([agent.key, other.key].sort());
  });

  it("an edge belongs to the source that reported it first: another source's report of it is a reference, and only its owner prunes it", async () => {
    const e1 = { kind: "can_read", src: agent, dst: file } as const;
    const e2 = { kind: "contains", src: file, dst: cred } as const;
    const e3 = { kind: "authenticates_as", src: cred, dst: identityRef } as const;
    const sweep = (source: string, edges: GraphBatch["edges"]) => ingestBatch(handle.db, source, batch({ edges }));
    await sweep("a", [e1, e2]);
    expect((await sweep("b", [{ ...e2, props: { via: "b" } }, e3])).stats).toMatchObject({ edgesAdded: 1, edgesUpdated: 0, edgesPruned: 0 });
    expect((await sweep("b", [e3])).stats).toMatchObject({ edgesAdded: 0, edgesUpdated: 0, edgesPruned: 0 });
    expect((await sweep("a", [e1])).stats).toMatchObject({ edgesAdded: 0, edgesUpdated: 0, edgesPruned: 1 });
    expect((await sweep("b", [e2, e3])).stats).toMatchObject({ edgesAdded: 1, edgesUpdated: 0, edgesPruned: 0 });
    const owners = await queryRows<{ source: string; props: unknown }>(
      handle.db,
      sql`select s.name as source, e.props from edges e join sources s on s.id = e.source_id order by e.kind`,
    );
    expect(owners).toEqual([
      { source: "a", props: {} },
      { source: "b", props: {} },
      { source: "b", props: {} },
    ]);
  });

  it("a source never renames, rewrites, takes over or prunes a node or edge another source reports in full", async () => {
    await ingestBatch(handle.db, "a", batch());
    const before = await snapshot(handle);

    const hostile = await ingestBatch(handle.db, "b", batch({
      nodes: [{ ...agent, name: "renamed by b", props: { approvalMode: "always" } }, { ...file, name: "moved" }, cred, identityRef],
      edges: [{ kind: "can_read", src: agent, dst: file, props: { via: "b" } }],
    }));
    expect(hostile.stats).toEqual({ nodesAdded: 0, nodesUpdated: 0, nodesPruned: 0, edgesAdded: 0, edgesUpdated: 0, edgesPruned: 0 });
    expect(await snapshot(handle)).toEqual(before);

    // Leaving them all out prunes none of them: b never owned them.
    const empty = await ingestBatch(handle.db, "b", batch({ nodes: [], edges: [] }));
    expect(empty.stats).toMatchObject({ nodesPruned: 0, edgesPruned: 0 });
    expect(await snapshot(handle)).toEqual(before);
  });

  it("a ref never overwrites the owner's name and props", async () => {
    await ingestBatch(handle.db, "pg-server", {
      collector: "postgres",
      nodes: [{ kind: "identity", key: identityRef.key, name: "app (role)", props: { superuser: true } }],
      edges: [],
    });
    await ingestBatch(handle.db, "laptop", batch());
    const [row] = await queryRows<{ name: string; props: unknown; is_ref: boolean }>(
      handle.db,
      sql`select name, props, is_ref from nodes where key = ${identityRef.key}`,
    );
    expect(row).toEqual({ name: "app (role)", props: { superuser: true }, is_ref: false });
  });

  it("leaves a bad record out with a warning and keeps the rest; refuses a batch none of whose records fits", async () => {
    await ingestBatch(handle.db, "laptop", batch());
    const before = await snapshot(handle);
    const withBadRecords = batch({
      nodes: [agent, file, cred, identityRef, { kind: "volume" as never, key: "x", name: "x" }],
      edges: [...batch().edges, { kind: "can_read", src: agent, dst: { kind: "file", key: "nope" } }],
    });
    const kept = await ingestBatch(handle.db, "laptop", withBadRecords);
    expect(kept.warnings).toBe(2);
    const [warnings] = await queryRows<{ warnings: { code: string; message: string }[] }>(handle.db, sql`select warnings from sweeps where id = ${kept.sweepId}`);
    expect(warnings.warnings.map((w) => w.message)).toEqual([
      expect.stringMatching(/^nodes\[4\]\.kind: .*left out/),
      expect.stringMatching(/^edges\[3\]\.dst: no node file "nope"/),
    ]);
    expect(await snapshot(handle)).toEqual(before); // the good records, as they were; nothing pruned

    const noneFits = batch({ nodes: [{ kind: "volume" as never, key: "x", name: "x" }], edges: [] });
    await expect(ingestBatch(handle.db, "laptop", noneFits)).rejects.toThrow(/none of its 1 records fits; the first: nodes\[0\]\.kind/);
    expect(await snapshot(handle)).toEqual(before);
  });

  it("ingests 20k nodes and edges in bulk", async () => {
    const nodes = Array.from({ length: 20_000 }, (_, i) => ({ kind: "file" as const, key: `file:m:/f${i}`, name: `f${i}` }));
    const edges = nodes.map((n) => ({ kind: "can_read" as const, src: agent, dst: { kind: n.kind, key: n.key } }));
    const result = await ingestBatch(handle.db, "big", { collector: "workspace", nodes: [agent, ...nodes], edges });
    expect(result.stats).toMatchObject({ nodesAdded: 20_001, edgesAdded: 20_000 });
  });

  it("writes the same rows when it builds the indexes after a large batch as when it merges into them, and leaves the same indexes", async () => {
    const indexesBefore = await graphIndexDefinitions(handle);
    const always: ApplyOptions = { rebuildIndexesFrom: 1 };
    const never: ApplyOptions = { rebuildIndexesFrom: Number.MAX_SAFE_INTEGER };
    const rebuilt = await replaySweeps(handle, always);
    expect(rebuilt.plans).toEqual(["append", "rebuild", "rebuild", "merge"]);
    expect(await graphIndexDefinitions(handle)).toEqual(indexesBefore);

    const other = await testDb.create();
    try {
      const baseline = await replaySweeps(other, never);
      expect(baseline.plans).toEqual(["merge", "merge", "merge", "merge"]);
      expect(rebuilt.stats).toEqual(baseline.stats);
      expect(await snapshot(handle)).toEqual(await snapshot(other));
    } finally {
      await other.close();
    }
  });

  // A second connection needs a server: embedded PGlite has one.
  if (testDb.driver !== "pglite")
  it("merges a large batch instead of locking the tables while another transaction is reading the graph", async () => {
    const reader = await openDatabase({ driver: "pg", url: handle.url! });
    const source = await findOrCreateSource(handle.db, "laptop", "workspace");
    const sweep = await startSweep(handle.db, source.id);
    let readerWaits!: () => void;
    const readerGoesOn = new Promise<void>((resolve) => (readerWaits = resolve));
    let edgesRead!: () => void;
    const readingEdges = new Promise<void>((resolve) => (edgesRead = resolve));
    // Reads the edges, then the nodes, in one transaction: had the batch locked both tables exclusively
    // once the first read was done, each transaction would wait for the other.
    const reading = reader.db.transaction(async (tx) => {
      await tx.execute(sql`select count(*) from edges`);
      edgesRead();
      await readerGoesOn;
      return queryRows<{ n: number }>(tx, sql`select count(*)::int as n from nodes`);
    });
    try {
      await readingEdges;
      const stats = await handle.db.transaction((tx) => applyBatch(tx, source.id, sweep.id, validateBatch(batch()), { rebuildIndexesFrom: 1 }));
      expect(stats).toMatchObject({ nodesAdded: 4, edgesAdded: 3 });
      readerWaits();
      expect(await reading).toEqual([{ n: 4 }]);
    } finally {
      readerWaits();
      await reading.catch(() => {});
      await reader.close();
    }
  });
});

async function edgeIndexOid(handle: DatabaseHandle): Promise<string> {
  const [row] = await queryRows<{ oid: string }>(handle.db, sql`select 'edges_pkey'::regclass::oid::text as oid`);
  return row.oid;
}

/** The graph tables' index definitions, as the catalogue prints them. */
async function graphIndexDefinitions(handle: DatabaseHandle): Promise<string[]> {
  const rows = await queryRows<{ indexdef: string }>(handle.db, sql`select indexdef from pg_indexes where tablename in ('nodes', 'edges') order by indexname`);
  return rows.map((r) => r.indexdef);
}

/**
 * Four sweeps of two sources: a first load, a second source more than twice what is stored, the first
 * source grown as much (one edge changed, one gone, duplicates, actions that sort differently by bytes and by UTF-16),
 * and the second source again unchanged. Returns each sweep's stats and the plan the store chose for it.
 */
async function replaySweeps(handle: DatabaseHandle, options: ApplyOptions) {
  const role = { kind: "identity", key: "aws:1:role/admin", name: "admin" } as const;
  const resources = Array.from({ length: 6 }, (_, i) => ({ kind: "resource", key: `aws:1:bucket/b${i}`, name: `b${i}` }) as const);
  const grant = (action: string, i: number, extra: Record<string, unknown> = {}) =>
    ({ kind: "can", src: role, dst: resources[i], props: { action, class: "D1", ...extra } }) as const;
  const sweeps: { source: string; batch: GraphBatch }[] = [
    { source: "laptop", batch: batch() },
    {
      source: "aws",
      batch: {
        collector: "aws-iam",
        nodes: [role, ...resources, identityRef],
        edges: [
          { kind: "member_of", src: identityRef, dst: role },
          ...resources.map((_, i) => grant("s3:DeleteBucket", i)),
          grant("s3:\uFF21ction", 1),
          grant("s3:\u{1F600}ction", 1, { conditional: true }),
        ],
      },
    },
    {
      source: "laptop",
      batch: batch({
        nodes: [agent, file, cred, identityRef, role, ...resources.map((r) => ({ ...r, ref: true }))],
        edges: [
          { kind: "can_read", src: agent, dst: file, props: { via: "shell" } },
          { kind: "authenticates_as", src: cred, dst: identityRef },
          { kind: "authenticates_as", src: cred, dst: identityRef, props: { assumed: true } },
          grant("s3:PutObject", 2, { class: "W" }),
          grant("s3:DeleteBucket", 0),
          ...resources.map((_, i) => grant("s3:GetObject", i, { class: "R" })),
          ...resources.map((_, i) => grant("s3:ListBucket", i, { class: "R" })),
          ...resources.map((_, i) => grant("s3:PutBucketPolicy", i, { class: "W" })),
          ...resources.map((_, i) => grant("s3:DeleteObject", i, { class: "D3" })),
        ],
      }),
    },
    {
      source: "aws",
      batch: {
        collector: "aws-iam",
        nodes: [role, ...resources, identityRef],
        edges: [{ kind: "member_of", src: identityRef, dst: role }, ...resources.map((_, i) => grant("s3:DeleteBucket", i, { class: "D2" }))],
      },
    },
  ];
  const stats = [];
  const plans = [];
  for (const { source: name, batch: input } of sweeps) {
    const valid = validateBatch(input);
    const source = await findOrCreateSource(handle.db, name, valid.collector);
    const sweep = await startSweep(handle.db, source.id);
    const [stored] = await queryRows<{ n: number }>(handle.db, sql`select count(*)::int as n from edges`);
    const indexBefore = await edgeIndexOid(handle);
    const applied = await handle.db.transaction((tx) => applyBatch(tx, source.id, sweep.id, valid, options));
    // An index built again is a new relation: the plan the store chose, seen from outside.
    plans.push((await edgeIndexOid(handle)) === indexBefore ? "merge" : Number(stored.n) === 0 ? "append" : "rebuild");
    await markSweepSucceeded(handle.db, sweep.id, applied, []);
    stats.push(applied);
  }
  return { stats, plans };
}
