/**
 * The process-wide reach index: loaded from the edges table in one query, shared by every request of
 * this process, and rebuilt when a sweep has finished since it was built.
 */
import { sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
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

const CLASS_CODE_SQL = sql.raw(
  `(case e.props->>'class' when 'D1' then 1 when 'D2' then 2 when 'D3' then 3 when 'D4' then 4 when 'D5' then 5 when 'W' then 6 when 'R' then 7 else 0 end)`,
);

/**
 * Loads the traversable edges in ONE query, packed server-side into a bytea of 16 bytes per edge
 * (src, dst, kind, flags, action id), which every driver returns as one buffer: far cheaper than a
 * million row objects.
 */
export async function loadReachEdgeArrays(db: Queryable): Promise<EdgeArrays> {
  const kinds = TRAVERSED_EDGE_KINDS.map(edgeKindCode);
  const [meta] = await queryRows<{ actions: string[] | null; max_node_id: number }>(db, sql`
    select (select array_agg(action order by action) from (select distinct action from edges where kind = ${CODE.can}) d) as actions,
      (select coalesce(max(id), 0)::int from nodes) as max_node_id
  `);
  const actions = meta.actions ?? [];
  // Rows of ~100 kB packed slices (by source id), not one array value: the drivers parse array
  // literals character by character, which took seconds at a million edges.
  const slices = await queryRows<{ part: string; n: number; chunk: Uint8Array | string }>(db, sql`
    with acts as (
      select action, (ordinality - 1)::int as aid from unnest(${sql.param(actions)}::text[]) with ordinality as a(action, ordinality)
    ),
    e as (
      select e.src, e.dst, e.kind, coalesce(a.aid, -1) as aid,
        (${CLASS_CODE_SQL}
         | (case when e.props->>'assumed' = 'true' then 8 else 0 end)
         | (case when e.props->>'conditional' = 'true' then 16 else 0 end)
         | (case when e.props->>'escalation' = 'true' then 32 else 0 end)) as flags
      from edges e
      left join acts a on e.kind = ${CODE.can} and a.action = e.action
      where e.kind = any(${sql.param(kinds)}::smallint[])
    )
    select 'e' as part, count(*)::int as n,
      string_agg(int4send(src) || int4send(dst) || int2send(kind) || int2send(flags::smallint) || int4send(aid), ''::bytea) as chunk
    from e group by src >> 10
    union all
    select 'n', count(*)::int, string_agg(int4send(id) || int2send(kind), ''::bytea) from nodes group by id >> 14
  `);
  const row = {
    actions,
    max_node_id: meta.max_node_id,
    edge_count: slices.filter((r) => r.part === "e").reduce((sum, r) => sum + Number(r.n), 0),
    edge_chunks: slices.filter((r) => r.part === "e").map((r) => r.chunk),
    node_chunks: slices.filter((r) => r.part === "n").map((r) => r.chunk),
  };
  const count = Number(row.edge_count);
  const maxNodeId = Number(row.max_node_id);
  const edgeBytes = Buffer.concat((row.edge_chunks ?? []).map(toBuffer));
  const arrays = allocateEdgeArrays(count, maxNodeId, row.actions ?? []);
  for (let i = 0, at = 0; i < count; i++, at += 16) {
    arrays.src[i] = edgeBytes.readInt32BE(at);
    arrays.dst[i] = edgeBytes.readInt32BE(at + 4);
    arrays.kind[i] = edgeBytes.readInt16BE(at + 8);
    arrays.flags[i] = edgeBytes.readInt16BE(at + 10);
    arrays.action[i] = edgeBytes.readInt32BE(at + 12);
  }
  const nodeBytes = Buffer.concat((row.node_chunks ?? []).map(toBuffer));
  for (let at = 0; at + 6 <= nodeBytes.length; at += 6) arrays.nodeKind[nodeBytes.readInt32BE(at)] = nodeBytes.readInt16BE(at + 4);
  return arrays;
}

function toBuffer(value: Uint8Array | string | null): Buffer {
  if (value === null) return Buffer.alloc(0);
  if (typeof value === "string") return Buffer.from(value.startsWith("\\x") ? value.slice(2) : value, "hex");
  return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
}

export async function loadReachIndex(db: Queryable): Promise<ReachIndex> {
  const started = performance.now();
  const index = buildReachIndex(await loadReachEdgeArrays(db));
  index.buildMs = performance.now() - started;
  return index;
}
