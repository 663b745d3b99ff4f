/**
 * Reach benchmark on a synthetic posture-shaped estate (bench/estate.ts), on Postgres and PGlite:
 * ingest rate through applyBatch, index build time and memory, reach for the median and the largest
 * agent from the in-memory index next to the recursive SQL measured in the same run (with the ratio),
 * and the full findings recompute. Run alone: `npx tsx bench/reach.ts [--edges 1000000] [--drivers pg,pglite]`.
 * Writes bench/results/reach.json (reach-<edges>.json for other sizes). Timing never goes in tests.
 */
import fs from "node:fs";
import os from "node:os";
import { pathToFileURL } from "node:url";
import v8 from "node:v8";
import vm from "node:vm";
import { sql } from "drizzle-orm";
import { buildEstate, shapeForEdges, type EstateShape } from "@/bench/estate";
import type { DatabaseHandle, DriverName } from "@/lib/db/client";
import { openScratchDatabase } from "@/lib/db/testing/scratch-database";
import { RESOURCES_PER_CLASS } from "@/components/agents/reach-groups";
import { getAgentReach, getAgentReachByClass, listAgentNodes } from "@/lib/db/queries/reach";
import { queryReachRowsBySql } from "@/lib/db/testing/reach-reference";
import { invalidateReachIndex, loadReachIndex } from "@/lib/db/queries/reach-index-cache";
import { findOrCreateSource } from "@/lib/db/queries/sources";
import { markSweepSucceeded, startSweep } from "@/lib/db/queries/sweeps";
import { queryRows } from "@/lib/db/rows";
import { analyzeGraph } from "@/lib/findings/run-analysis";
import { edgeKindCode, nodeKindCode } from "@/lib/graph/kind-codes";
import { countReach } from "@/lib/graph/reach/counts";
import { findDestroyers, findShortestPaths } from "@/lib/graph/reach/reverse";
import { PHASE_ACCESS } from "@/lib/graph/reach/scan";
import { findPaths, getResourceDestroyers } from "@/lib/db/queries/resource-reach";
import { computeReach, reachTable } from "@/lib/graph/reach/rows";
import { measureReachBytes } from "@/lib/graph/reach/scan";
import type { ReachIndex } from "@/lib/graph/reach/reach-index";
import { applyBatch } from "@/lib/db/store/store";
import { DESTRUCTIVE_CLASSES, type ValidGraphBatch } from "@/lib/graph/types";

interface BenchOptions {
  edges: number;
  drivers: DriverName[];
  /** Give up on the path-enumerating reference query after this long. */
  referenceTimeoutMs: number;
}

const DEFAULTS: BenchOptions = { edges: 1_000_000, drivers: ["pg", "pglite"], referenceTimeoutMs: 180_000 };

export async function runReachBench(options: Partial<BenchOptions> = {}): Promise<Record<string, unknown>> {
  const opts = { ...DEFAULTS, ...options };
  const started = Date.now();
  const loadBefore = os.loadavg();
  const shape = shapeForEdges(opts.edges);
  const results: Record<string, unknown> = { machine: describeMachine(), estate: { shape } };
  for (const driver of opts.drivers) {
    log(`── ${driver}`);
    const scratch = await openScratchDatabase(driver);
    try {
      results[driver === "pg" ? "postgres" : driver] = await benchDriver(scratch.handle, shape, opts);
    } finally {
      await scratch.dispose();
    }
  }
  results.loadAverage = { before: loadBefore, after: os.loadavg() };
  results.totalSeconds = Math.round((Date.now() - started) / 1000);
  return results;
}

async function benchDriver(handle: DatabaseHandle, shape: EstateShape, opts: BenchOptions): Promise<Record<string, unknown>> {
  const db = handle.db;
  const out: Record<string, unknown> = {};
  let batch: ValidGraphBatch | undefined = buildEstate(shape);
  // The first load three times into an empty graph (a fresh process's first is the coldest), the median reported.
  const loads: Record<string, unknown>[] = [];
  for (let i = 0; i < 3; i++) {
    if (i > 0) await db.execute(sql`truncate nodes, edges, sweeps, sources restart identity cascade`);
    loads.push(await ingestEstate(handle, batch));
  }
  const loadSeconds = loads.map((l) => Number(l.seconds));
  out.ingest = { ...loads[loadSeconds.indexOf(percentile(loadSeconds, 50))], secondsRuns: loadSeconds };
  log(`ingest: ${JSON.stringify(out.ingest)}`);
  out.reingest = await ingestEstate(handle, batch);
  log(`re-ingest: ${JSON.stringify(out.reingest)}`);
  batch = undefined;
  out.ingestBaseline = await insertEdgesIntoIndexedTable(handle);
  log(`ingest baseline: ${JSON.stringify(out.ingestBaseline)}`);
  // The estate is garbage from here on, as a served batch is: the figures below run on a process that
  // holds the index, not a million batch objects. Collected now, so that the collector does not do it
  // in the middle of the reach runs (a full collection of the batch's heap takes a few hundred ms).
  collectGarbage();
  await db.execute(sql`analyze nodes`);
  await db.execute(sql`analyze edges`);

  // Index build: COPY out in binary + CSR.
  const buildTimes: number[] = [];
  let index: ReachIndex | undefined;
  const heapBefore = process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
  for (let i = 0; i < 3; i++) {
    invalidateReachIndex();
    const t = performance.now();
    index = await loadReachIndex(db);
    buildTimes.push(performance.now() - t);
  }
  const heapAfter = process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
  out.indexBuild = {
    msRuns: buildTimes.map(round),
    msMedian: round(percentile(buildTimes, 50)),
    typedArrayMB: round(measureReachBytes(index!) / 1e6),
    processGrowthMB: round((heapAfter - heapBefore) / 1e6),
    edgesIndexed: index!.edgeCount,
  };
  log(`index: ${JSON.stringify(out.indexBuild)}`);

  // Agents by size of reach: median and largest.
  const agents = await listAgentNodes(db);
  const sized = agents.map((a) => ({ agent: a, rows: reachTable(index!, a.id).count })).sort((a, b) => a.rows - b.rows);
  const picks = { median: sized[Math.floor(sized.length / 2)], largest: sized[sized.length - 1] };
  out.agents = { count: agents.length, rowsMin: sized[0].rows, rowsMedian: picks.median.rows, rowsMax: picks.largest.rows };

  for (const [label, pick] of Object.entries(picks)) {
    const id = pick.agent.id;
    const table = await sample(20, async () => reachTable(index!, id));
    // The table derives most of a row from the index when read: this is what a consumer pays that reads
    // every column of every row, so the figure above does not hide work moved to the reads.
    const tableWithEveryColumn = await sample(20, async () => {
      const t = reachTable(index!, id);
      let sum = 0;
      for (let r = 0; r < t.count; r++) sum += t.resource(r) + t.action(r) + t.classCode(r) + t.holds(r) + t.pathFlags(r) + t.hops(r) + t.via(r);
      return sum;
    });
    const tableWithAllPaths = await sample(5, async () => {
      const t = reachTable(index!, id);
      let hops = 0;
      for (let r = 0; r < t.count; r++) hops += t.path(r).edges.length;
      return hops;
    });
    const objects = await sample(5, async () => computeReach(index!, id).rows.length);
    const endToEnd = await sample(3, () => getAgentReach(db, id));
    // What the agent page asks for: the first resources of each destructive class, named, with paths.
    const agentPage = await sample(5, () => getAgentReachByClass(db, id, { classes: DESTRUCTIVE_CLASSES, resourcesPerClass: RESOURCES_PER_CLASS }));
    const cte = await sample(label === "median" ? 5 : 3, () => countReachByRecursiveSql(handle, id));
    const reference = await sampleWithTimeout(1, opts.referenceTimeoutMs, () => queryReachRowsBySql(db, id).then((r) => r.length), handle);
    const entry = {
      agent: pick.agent.name,
      rows: pick.rows,
      index: {
        tableWithPathTreeMs: table,
        tableAndEveryColumnReadMs: tableWithEveryColumn,
        tableAndEveryPathMaterializedMs: tableWithAllPaths,
        rowObjectsLazyPathsMs: objects,
        getAgentReachEndToEndMs: endToEnd,
        agentPageQueryMs: agentPage,
      },
      recursiveSql: { reachabilityCteMs: cte, referenceWithPathsMs: reference },
      ratio: {
        cteOverIndexTableP50: round(cte.p50 / table.p50),
        cteOverIndexObjectsP50: round(cte.p50 / objects.p50),
        referenceOverIndexTableP50: reference.p50 ? round(reference.p50 / table.p50) : null,
      },
    };
    out[`${label}Agent`] = entry;
    log(`${label}: ${JSON.stringify(entry)}`);
  }

  out.countsForEveryStart = await countEveryStart(db, index!);
  log(`counts: ${JSON.stringify(out.countsForEveryStart)}`);
  out.reverseReach = await benchReverseReach(db, index!, picks.median.agent.id);
  log(`reverse: ${JSON.stringify(out.reverseReach)}`);

  // The whole recompute, as after a sweep.
  const analysisStarted = performance.now();
  const analysis = await analyzeGraph(db);
  out.findingsRecompute = {
    ms: Math.round(performance.now() - analysisStarted),
    timings: analysis.timings,
    findings: analysis.findings,
    byRule: analysis.byRule,
  };
  log(`findings: ${JSON.stringify(out.findingsRecompute)}`);
  return out;
}

/**
 * One sweep of the whole estate through the store. The first finds empty tables, so its rows go straight
 * in and the indexes are built afterwards; the second, of the same batch, merges into the indexed tables
 * and finds nothing changed.
 */
async function ingestEstate(handle: DatabaseHandle, batch: ValidGraphBatch): Promise<Record<string, unknown>> {
  const db = handle.db;
  const source = await findOrCreateSource(db, "bench-estate", batch.collector);
  const sweep = await startSweep(db, source.id);
  const ingestStarted = performance.now();
  const stats = await db.transaction((tx) => applyBatch(tx, source.id, sweep.id, batch));
  const ingestSeconds = (performance.now() - ingestStarted) / 1000;
  await markSweepSucceeded(db, sweep.id, stats, []);
  const rows = batch.nodes.length + batch.edges.length;
  return {
    nodes: batch.nodes.length,
    edges: batch.edges.length,
    rows,
    seconds: round(ingestSeconds),
    rowsPerSecond: Math.round(rows / ingestSeconds),
    stats,
  };
}

/**
 * The ingest's baseline: the server's own `insert … select` of the stored edge rows (ids resolved, nothing
 * to parse or send) into a table with the edges' two indexes, which it maintains row by row.
 */
async function insertEdgesIntoIndexedTable(handle: DatabaseHandle): Promise<Record<string, unknown>> {
  const db = handle.db;
  await db.execute(sql`create table bench_edges (like edges including all)`);
  try {
    const started = performance.now();
    await db.execute(sql`insert into bench_edges select * from edges`);
    const seconds = (performance.now() - started) / 1000;
    const [inserted] = await queryRows<{ count: number }>(db, sql`select count(*)::int as count from bench_edges`);
    return { rows: inserted.count, seconds: round(seconds), rowsPerSecond: Math.round(inserted.count / seconds), via: "insert … select of the stored edges into an indexed copy of the table" };
  } finally {
    await db.execute(sql`drop table bench_edges`);
  }
}

/**
 * What the agents list, the overview and the credential inventory count: every agent's and every
 * credential's reach by the counting rule, uncached (the pages keep them per index), twice.
 */
async function countEveryStart(db: DatabaseHandle["db"], index: ReachIndex): Promise<Record<string, unknown>> {
  const starts = await queryRows<{ id: number }>(db, sql`select id from nodes where kind in (${nodeKindCode("agent")}, ${nodeKindCode("credential")}) order by id`);
  const runs: number[] = [];
  let d1 = 0;
  for (let run = 0; run < 3; run++) {
    const started = performance.now();
    d1 = 0;
    for (const { id } of starts) d1 += countReach(index, Number(id), PHASE_ACCESS).actions.D1;
    runs.push(performance.now() - started);
  }
  return { starts: starts.length, msRuns: runs.map(round), msMedian: round(percentile(runs, 50)), d1ActionsSummed: d1 };
}

/**
 * Reverse reach for the most-reached resource: among the 20 resources with the most D1/D2 grants, the
 * one with the most agents, credentials and identities that can destroy it; then who can destroy it from
 * the index (ranked, the first 50 of each kind with paths; and with every path built), the named query
 * the pages call, and the shortest paths from the median agent to it.
 */
async function benchReverseReach(db: DatabaseHandle["db"], index: ReachIndex, agentId: number): Promise<Record<string, unknown>> {
  const grants = new Int32Array(index.nodeCount);
  for (let e = 0; e < index.edgeCount; e++) {
    const cls = index.flags[e] & 0b111;
    if (index.kind[e] === edgeKindCode("can") && (cls === 1 || cls === 2)) grants[index.dst[e]]++;
  }
  const firstCall = performance.now();
  const candidates = Array.from(grants.keys()).sort((a, b) => grants[b] - grants[a]).slice(0, 20);
  const sized = candidates.map((id) => {
    const found = findDestroyers(index, id);
    return { id, grants: grants[id], destroyers: found.agents.length + found.credentials.length + found.identities.length, agents: found.agents.length, credentials: found.credentials.length, identities: found.identities.length };
  });
  const candidatesMs = performance.now() - firstCall;
  const target = sized.sort((a, b) => b.destroyers - a.destroyers)[0];
  const destroyers = await sample(20, async () => findDestroyers(index, target.id));
  const everyPath = await sample(20, async () => findDestroyers(index, target.id, { pathsPerKind: Infinity }));
  const named = await sample(5, () => getResourceDestroyers(db, target.id));
  const paths = await sample(20, async () => findShortestPaths(index, agentId, PHASE_ACCESS, target.id, { classes: ["D1", "D2"] }));
  const found = findShortestPaths(index, agentId, PHASE_ACCESS, target.id, { classes: ["D1", "D2"] });
  const namedPaths = await sample(5, () => findPaths(db, agentId, target.id, { classes: ["D1", "D2"] }));
  return {
    target,
    candidatesWithIncomingIndexBuildMs: round(candidatesMs),
    findDestroyersMs: destroyers,
    findDestroyersEveryPathMs: everyPath,
    getResourceDestroyersMs: named,
    shortestPathsFromMedianAgent: { hops: found.hops, paths: found.paths.length, truncated: found.truncated, ms: paths, findPathsMs: namedPaths },
  };
}

/**
 * The plain recursive query without paths (set semantics, each (node, phase) once), as the baseline:
 * distinct (action, resource) pairs the agent reaches.
 */
async function countReachByRecursiveSql(handle: DatabaseHandle, agentId: number): Promise<number> {
  const k = (kind: Parameters<typeof edgeKindCode>[0]) => edgeKindCode(kind);
  const [row] = await queryRows<{ count: number }>(handle.db, sql`
    with recursive r(node, phase) as (
      select ${agentId}::int, 0
      union
      select e.dst, case when e.kind = ${k("authenticates_as")} then 1 else r.phase end
      from r join edges e on e.src = r.node
      where (r.phase = 0 and e.kind in (${k("can_read")}, ${k("contains")}, ${k("configured_with")}, ${k("authenticates_as")}))
         or (r.phase = 1 and e.kind in (${k("member_of")}, ${k("can_assume")}))
    )
    select count(*)::int as count from (
      select distinct e.action, e.dst from r join edges e on e.src = r.node and e.kind = ${k("can")} where r.phase = 1
    ) x
  `);
  return Number(row.count);
}

interface Sample {
  runs: number;
  p50: number;
  p95: number;
  min: number;
}

async function sample(runs: number, work: () => Promise<unknown>): Promise<Sample> {
  await work(); // warm-up
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await work();
    times.push(performance.now() - t);
  }
  return { runs, p50: round(percentile(times, 50)), p95: round(percentile(times, 95)), min: round(Math.min(...times)) };
}

async function sampleWithTimeout(runs: number, timeoutMs: number, work: () => Promise<unknown>, handle: DatabaseHandle): Promise<Sample | { timedOutAfterMs: number; p50: null }> {
  if (handle.driver !== "pglite") await handle.db.execute(sql.raw(`set statement_timeout = ${timeoutMs}`));
  const times: number[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      await work();
      times.push(performance.now() - t);
    }
  } catch (error) {
    log(`reference query stopped: ${(error as Error).message}`);
    return { timedOutAfterMs: timeoutMs, p50: null };
  } finally {
    if (handle.driver !== "pglite") await handle.db.execute(sql`set statement_timeout = 0`);
  }
  return { runs, p50: round(percentile(times, 50)), p95: round(percentile(times, 95)), min: round(Math.min(...times)) };
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

/** A full garbage collection, through V8's gc() exposed at run time (tsx starts node without --expose-gc). */
function collectGarbage(): void {
  v8.setFlagsFromString("--expose-gc");
  (vm.runInNewContext("gc") as () => void)();
}

const round = (n: number) => Math.round(n * 100) / 100;
const log = (message: string) => console.error(`[reach bench ${new Date().toISOString().slice(11, 19)}] ${message}`);

function describeMachine() {
  return {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? "unknown",
    memoryGB: round(os.totalmem() / 1e9),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
  };
}

function parseArgs(argv: string[]): Partial<BenchOptions> {
  const options: Partial<BenchOptions> = {};
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--edges") options.edges = Number(argv[++i]);
    else if (argv[i] === "--drivers") options.drivers = argv[++i].split(",") as DriverName[];
    else if (argv[i] === "--reference-timeout-ms") options.referenceTimeoutMs = Number(argv[++i]);
  }
  return options;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const options = parseArgs(process.argv.slice(2));
  const results = await runReachBench(options);
  fs.mkdirSync("bench/results", { recursive: true });
  // The 1M run is the default; other sizes keep their own file.
  const suffix = options.edges && options.edges !== DEFAULTS.edges ? `-${options.edges}` : "";
  fs.writeFileSync(`bench/results/reach${suffix}.json`, `${JSON.stringify(results, null, 2)}\n`);
  console.log(JSON.stringify(results, null, 2));
}
