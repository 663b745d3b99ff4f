/**
 * The process-wide reach index: loaded from the edges table in one query, shared by every request of
 * this process, and rebuilt when a sweep has finished since it was built.
 */
import { sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { BinaryCopyReader, copyOutBinary } from "@/lib/db/bulk-copy";
import { queryRows, type Queryable } from "@/lib/db/rows";
import { edgeKindCode } from "@/lib/graph/kind-codes";
import { CODE, allocateEdgeArrays, TRAVERSED_EDGE_KINDS, buildReachIndex, type EdgeArrays, type ReachIndex } from "@/lib/graph/reach-index";

interface CachedIndex {
  graphVersion: number;
  generation: number;
  index: Promise<ReachIndex>;
}
const indexCache = new WeakMap<object, CachedIndex>();
let generation = 0;

/** Forget every built index; the next reach rebuilds. Call after writing the graph. */
export function invalidateReachIndex(): void {
  generation++;
}

/** Each finished sweep changes the graph, so the newest finished sweep id versions it. */
async function readGraphVersion(db: Queryable): Promise<number> {
  const [row] = await queryRows<{ version: number }>(db, sql`select coalesce(max(id), 0)::int as version from sweeps where status = 'succeeded'`);
  return Number(row?.version ?? 0);
}

/** The process-wide index for this database, rebuilt when the graph has changed since it was built. */
export async function getReachIndex(db: Db): Promise<ReachIndex> {
  const graphVersion = await readGraphVersion(db);
  const cached = indexCache.get(db);
  if (cached && cached.graphVersion === graphVersion && cached.generation === generation) return cached.index;
  const entry: CachedIndex = { graphVersion, generation, index: loadReachIndex(db) };
  indexCache.set(db, entry);
  entry.index.catch(() => {
    if (indexCache.get(db) === entry) indexCache.delete(db);
  });
  return entry.index;
}

const EDGE_FLAGS_SQL = `(
  (case e.props->>'class' when 'D1' then 1 when 'D2' then 2 when 'D3' then 3 when 'D4' then 4 when 'D5' then 5 when 'W' then 6 when 'R' then 7 else 0 end)
  | (case when e.props->>'assumed' = 'true' then 8 else 0 end)
  | (case when e.props->>'conditional' = 'true' then 16 else 0 end)
  | (case when e.props->>'escalation' = 'true' then 32 else 0 end))::int`;

/**
 * Loads the traversable edges (src, dst, kind, flags, action id) and every node's kind with COPY in
 * binary: the rows arrive as raw bytes and go straight into typed arrays, with no row objects and no
 * text to parse on either side. The Neon driver cannot COPY out; it gets the packed query below.
 */
export async function loadReachEdgeArrays(db: Queryable): Promise<EdgeArrays> {
  const [meta] = await queryRows<{ actions: string[] | null; max_node_id: number }>(db, sql`
    select (select array_agg(action order by action) from (select distinct action from edges where kind = ${CODE.can}) d) as actions,
      (select coalesce(max(id), 0)::int from nodes) as max_node_id
  `);
  const actions = meta.actions ?? [];
  // COPY takes no parameters: the statement is built from integers and from the stored action names,
  // quoted as SQL string literals.
  const kinds = TRAVERSED_EDGE_KINDS.map(edgeKindCode).join(", ");
  const actionIds = actions.length === 0 ? "select null::text as action, null::int as aid where false" : `values ${actions.map((a, i) => `(${sqlString(a)}, ${i})`).join(", ")}`;
  const edgeBytes = await copyOutBinary(db, `
    select e.src, e.dst, e.kind, ${EDGE_FLAGS_SQL}, coalesce(a.aid, -1)
    from edges e left join (${actionIds}) as a(action, aid) on e.kind = ${CODE.can} and a.action = e.action
    where e.kind in (${kinds})
  `);
  if (!edgeBytes) return loadPackedEdgeArrays(db, actions, Number(meta.max_node_id));
  const edges = new BinaryCopyReader(edgeBytes);
  const arrays = allocateEdgeArrays(edges.countRows(), Number(meta.max_node_id), actions);
  for (let i = 0; edges.nextRow(); i++) {
    arrays.src[i] = edges.int();
    arrays.dst[i] = edges.int();
    arrays.kind[i] = edges.int();
    arrays.flags[i] = edges.int();
    arrays.action[i] = edges.int();
  }
  const nodes = new BinaryCopyReader((await copyOutBinary(db, "select id, kind from nodes"))!);
  while (nodes.nextRow()) {
    const id = nodes.int();
    arrays.nodeKind[id] = nodes.int();
  }
  return arrays;
}

/**
 * The same arrays for a driver that cannot COPY out: packed server-side into ~100 kB bytea slices of 16
 * bytes per edge (src, dst, kind, flags, action id), which the driver returns as a few buffers.
 */
async function loadPackedEdgeArrays(db: Queryable, actions: string[], maxNodeId: number): Promise<EdgeArrays> {
  const kinds = TRAVERSED_EDGE_KINDS.map(edgeKindCode);
  const slices = await queryRows<{ part: string; n: number; chunk: Uint8Array | string }>(db, sql`
    with acts as (
      select action, (ordinality - 1)::int as aid from unnest(${sql.param(actions)}::text[]) with ordinality as a(action, ordinality)
    )
    select 'e' as part, count(*)::int as n,
      string_agg(int4send(e.src) || int4send(e.dst) || int2send(e.kind) || int2send(${sql.raw(EDGE_FLAGS_SQL)}::smallint) || int4send(coalesce(a.aid, -1)), ''::bytea) as chunk
    from edges e left join acts a on e.kind = ${CODE.can} and a.action = e.action
    where e.kind = any(${sql.param(kinds)}::smallint[])
    group by e.src >> 10
    union all
    select 'n', count(*)::int, string_agg(int4send(id) || int2send(kind), ''::bytea) from nodes group by id >> 14
  `);
  const edgeSlices = slices.filter((r) => r.part === "e");
  const count = edgeSlices.reduce((sum, r) => sum + Number(r.n), 0);
  const edgeBytes = Buffer.concat(edgeSlices.map((r) => toBuffer(r.chunk)));
  const arrays = allocateEdgeArrays(count, maxNodeId, actions);
  for (let i = 0, at = 0; i < count; i++, at += 16) {
    arrays.src[i] = edgeBytes.readInt32BE(at);
    arrays.dst[i] = edgeBytes.readInt32BE(at + 4);
    arrays.kind[i] = edgeBytes.readInt16BE(at + 8);
    arrays.flags[i] = edgeBytes.readInt16BE(at + 10);
    arrays.action[i] = edgeBytes.readInt32BE(at + 12);
  }
  const nodeBytes = Buffer.concat(slices.filter((r) => r.part === "n").map((r) => toBuffer(r.chunk)));
  for (let at = 0; at + 6 <= nodeBytes.length; at += 6) arrays.nodeKind[nodeBytes.readInt32BE(at)] = nodeBytes.readInt16BE(at + 4);
  return arrays;
}

function toBuffer(value: Uint8Array | string): Buffer {
  if (typeof value === "string") return Buffer.from(value.startsWith("\\x") ? value.slice(2) : value, "hex");
  return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
}

/** A SQL string literal (standard_conforming_strings, the default since Postgres 9.1: only ' is special). */
function sqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

export async function loadReachIndex(db: Queryable): Promise<ReachIndex> {
  const started = performance.now();
  const index = buildReachIndex(await loadReachEdgeArrays(db));
  index.buildMs = performance.now() - started;
  return index;
}
