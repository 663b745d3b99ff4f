/**
 * The process-wide reach index: loaded from the edges table in one query, shared by every request of
 * this process, and rebuilt when a sweep has finished since it was built.
 */
import { sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { copyOutText, copyOutTextLines } from "@/lib/db/store/bulk-copy";
import { queryRows, type Queryable } from "@/lib/db/rows";
import { edgeKindCode } from "@/lib/graph/kind-codes";
import { EdgeTextReader, readNodeKinds } from "@/lib/db/store/edge-text-reader";
import { CODE, allocateEdgeArrays, TRAVERSED_EDGE_KINDS, buildReachIndex, type EdgeArrays, type ReachIndex } from "@/lib/graph/reach/reach-index";

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

/**
 * Loads the traversable edges (src, dst, kind, flags, action) and every node's kind with COPY in text
 * format: the rows arrive as runs of tab-separated digits, parsed straight into typed arrays with no
 * row objects and no strings (lib/db/store/edge-text-reader.ts). The action comes as its text (a `can`
 * edge's, '' for the others): the server writes a few bytes more per row, which costs it far less than
 * joining each row to a list of action ids, and the reader matches each to its id by its bytes. The Neon driver cannot COPY out; it gets
 * the packed query below.
 */
export async function loadReachEdgeArrays(db: Queryable): Promise<EdgeArrays> {
  // The whole tables, without a filter: COPY then reads the heap straight out, no query plan (the few
  // edge kinds reach does not follow are skipped while parsing). The edge rows are parsed as they
  // arrive; on a pool the nodes come at the same time on a second connection.
  const edges = new EdgeTextReader();
  const [streamed, nodeText] = await Promise.all([
    copyOutTextLines(db, "edges (src, dst, kind, flags, action)", (lines) => edges.read(lines)),
    copyOutText(db, "nodes (id, kind)"),
  ]);
  if (!streamed || !nodeText) return loadPackedEdgeArrays(db);
  return edges.finish(readNodeKinds(nodeText));
}

/**
 * The same arrays for a driver that cannot COPY out: packed server-side into ~100 kB bytea slices of 16
 * bytes per edge (src, dst, kind, flags, action id), which the driver returns as a few buffers.
 */
async function loadPackedEdgeArrays(db: Queryable): Promise<EdgeArrays> {
  const [meta] = await queryRows<{ actions: string[] | null; max_node_id: number }>(db, sql`
    select (select array_agg(action order by action) from (select distinct action from edges where kind = ${CODE.can}) d) as actions,
      (select coalesce(max(id), 0)::int from nodes) as max_node_id
  `);
  const actions = meta.actions ?? [];
  const maxNodeId = Number(meta.max_node_id);
  const kinds = TRAVERSED_EDGE_KINDS.map(edgeKindCode);
  const slices = await queryRows<{ part: string; n: number; chunk: Uint8Array | string }>(db, sql`
    with acts as (
      select action, (ordinality - 1)::int as aid from unnest(${sql.param(actions)}::text[]) with ordinality as a(action, ordinality)
    )
    select 'e' as part, count(*)::int as n,
      string_agg(int4send(e.src) || int4send(e.dst) || int2send(e.kind) || int2send(e.flags) || int4send(coalesce(a.aid, -1)), ''::bytea) as chunk
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

export async function loadReachIndex(db: Queryable): Promise<ReachIndex> {
  const started = performance.now();
  const index = buildReachIndex(await loadReachEdgeArrays(db));
  index.buildMs = performance.now() - started;
  return index;
}
