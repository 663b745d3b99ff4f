/**
 * Ingest rate of a 100k-row batch (50k nodes + 50k edges) on each driver, next to a baseline measured in
 * the same run: the same rows written with the ORM's ordinary multi-row insert (the way one would write it
 * without thinking about bulk), so the ratio says what the COPY-based store buys.
 */
import fs from "node:fs";
import { pathToFileURL } from "node:url";
import type { DatabaseHandle, DriverName } from "@/lib/db/client";
import { nodes as nodesTable, edges as edgesTable, sources, sweeps } from "@/lib/db/schema";
import { openScratchDatabase } from "@/lib/db/testing/scratch-database";
import { startWsProxy } from "@/lib/db/testing/ws-proxy";
import { edgeKindCode, nodeKindCode } from "@/lib/graph/kind-codes";
import { ingestBatch } from "@/lib/db/store/ingest";
import type { GraphBatch, GraphEdge } from "@/lib/graph/types";

const NODE_COUNT = 50_000;

export function syntheticBatch(nodeCount = NODE_COUNT): GraphBatch {
  const agent = { kind: "agent" as const, key: "agent:bench:cursor:/w", name: "bench agent" };
  const files = Array.from({ length: nodeCount - 1 }, (_, i) => ({
    kind: "file" as const,
    key: `file:bench:/w/src/module-${i}.ts`,
    name: `module-${i}.ts`,
    props: { size: i * 13, lines: i % 400 },
  }));
  const edges: GraphEdge[] = files.map((file) => ({ kind: "can_read", src: agent, dst: { kind: file.kind, key: file.key }, props: {} }));
  // One more edge so nodes + edges = 100,000 rows.
  edges.push({ kind: "can_read", src: agent, dst: agent, props: {} });
  return { collector: "workspace", nodes: [agent, ...files], edges };
}

/** The naive way: ORM multi-row inserts, 1,000 rows a statement. */
async function ormInsert(handle: DatabaseHandle, batch: GraphBatch): Promise<void> {
  const db = handle.db;
  const [source] = await db.insert(sources).values({ name: "orm", collector: "workspace" }).returning();
  const [sweep] = await db.insert(sweeps).values({ sourceId: source.id, status: "running" }).returning();
  const ids = new Map<string, number>();
  for (let i = 0; i < batch.nodes.length; i += 1000) {
    const chunk = batch.nodes.slice(i, i + 1000);
    const rows = await db
      .insert(nodesTable)
      .values(chunk.map((n) => ({ kind: nodeKindCode(n.kind), key: n.key, name: n.name, props: n.props ?? {}, sourceId: source.id, firstSeenSweep: sweep.id, lastSeenSweep: sweep.id })))
      .returning({ id: nodesTable.id, key: nodesTable.key });
    for (const row of rows) ids.set(row.key, row.id);
  }
  for (let i = 0; i < batch.edges.length; i += 1000) {
    const chunk = batch.edges.slice(i, i + 1000);
    await db.insert(edgesTable).values(
      chunk.map((e) => ({ kind: edgeKindCode(e.kind), src: ids.get(e.src.key)!, dst: ids.get(e.dst.key)!, sourceId: source.id, firstSeenSweep: sweep.id })),
    );
  }
}

async function timeIt(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return (performance.now() - started) / 1000;
}

export async function runIngestBench(): Promise<Record<string, unknown>> {
  const batch = syntheticBatch();
  const rows = batch.nodes.length + batch.edges.length;
  const proxy = await startWsProxy();
  const results: Record<string, unknown> = { rows };
  try {
    for (const driver of ["pglite", "pg", "neon"] as DriverName[]) {
      const store = await openScratchDatabase(driver, { neonWsProxy: driver === "neon" ? proxy.address : undefined });
      const baseline = await openScratchDatabase(driver, { neonWsProxy: driver === "neon" ? proxy.address : undefined });
      try {
        const storeSeconds = await timeIt(() => ingestBatch(store.handle.db, "bench", batch));
        const reingestSeconds = await timeIt(() => ingestBatch(store.handle.db, "bench", batch));
        const ormSeconds = await timeIt(() => ormInsert(baseline.handle, batch));
        results[driver === "pg" ? "postgres" : driver] = {
          storeRowsPerSecond: Math.round(rows / storeSeconds),
          reingestRowsPerSecond: Math.round(rows / reingestSeconds),
          ormBaselineRowsPerSecond: Math.round(rows / ormSeconds),
          speedupOverOrm: Number((ormSeconds / storeSeconds).toFixed(2)),
        };
        console.error(`ingest ${driver}: ${JSON.stringify(results[driver === "pg" ? "postgres" : driver])}`);
      } finally {
        await store.dispose();
        await baseline.dispose();
      }
    }
  } finally {
    await proxy.close();
  }
  return results;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const results = await runIngestBench();
  fs.mkdirSync("bench/results", { recursive: true });
  fs.writeFileSync("bench/results/ingest.json", `${JSON.stringify(results, null, 2)}\n`);
  console.log(JSON.stringify(results, null, 2));
}
