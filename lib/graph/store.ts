/**
 * The graph store: idempotent bulk upsert of a batch, stamped with its sweep, and pruning of what the
 * source no longer reports, all in one transaction so a failed ingest changes nothing.
 *
 * Rows travel as one array parameter per column through unnest(): a handful of statements per batch,
 * whatever its size, instead of a round trip per row.
 */
import { sql } from "drizzle-orm";
import { queryRows, type Queryable } from "@/lib/db/rows";
import type { SweepStats } from "@/lib/db/schema";
import { edgeKindCode, nodeKindCode } from "@/lib/graph/kind-codes";
import { nodeRefId, type ValidGraphBatch } from "@/lib/graph/types";

/** Rows per statement: keeps parameter arrays well under the drivers' message limits. */
const CHUNK_ROWS = 50_000;

interface UpsertCounts {
  added: number;
  updated: number;
}

/**
 * Writes a validated batch as sweep `sweepId` of source `sourceId` and prunes what that source reported
 * before but not now. Run inside the caller's transaction.
 */
export async function applyBatch(tx: Queryable, sourceId: number, sweepId: number, batch: ValidGraphBatch): Promise<SweepStats> {
  const nodes = dedupeNodes(batch.nodes);
  const nodeIds = new Map<string, number>();
  const nodeCounts: UpsertCounts = { added: 0, updated: 0 };
  for (const chunk of chunked(nodes)) {
    const result = await upsertNodes(tx, sourceId, sweepId, chunk);
    result.ids.forEach((id, i) => nodeIds.set(nodeRefId(chunk[i]), id));
    nodeCounts.added += result.added;
    nodeCounts.updated += result.updated;
  }

  const edgeRows = dedupeEdges(
    batch.edges.map((edge) => ({
      kind: edgeKindCode(edge.kind),
      src: nodeIds.get(nodeRefId(edge.src))!,
      dst: nodeIds.get(nodeRefId(edge.dst))!,
      action: typeof edge.props.action === "string" ? edge.props.action : "",
      props: JSON.stringify(edge.props),
    })),
  );
  const edgeCounts: UpsertCounts = { added: 0, updated: 0 };
  for (const chunk of chunked(edgeRows)) {
    const result = await upsertEdges(tx, sourceId, sweepId, chunk);
    edgeCounts.added += result.added;
    edgeCounts.updated += result.updated;
  }

  const pruned = await pruneStale(tx, sourceId, sweepId);
  return {
    nodesAdded: nodeCounts.added,
    nodesUpdated: nodeCounts.updated,
    nodesPruned: pruned.nodes,
    edgesAdded: edgeCounts.added,
    edgesUpdated: edgeCounts.updated,
    edgesPruned: pruned.edges,
  };
}

type BatchNode = ValidGraphBatch["nodes"][number];

/** One row per (kind, key): a full report wins over a ref, and a later full report over an earlier one. */
function dedupeNodes(nodes: BatchNode[]): BatchNode[] {
  const byRef = new Map<string, BatchNode>();
  for (const node of nodes) {
    const id = nodeRefId(node);
    const seen = byRef.get(id);
    if (!seen || !node.ref || seen.ref) byRef.set(id, seen && node.ref ? seen : node);
  }
  return [...byRef.values()];
}

interface EdgeRowInput {
  kind: number;
  src: number;
  dst: number;
  action: string;
  props: string;
}

function dedupeEdges(rows: EdgeRowInput[]): EdgeRowInput[] {
  const byKey = new Map<string, EdgeRowInput>();
  for (const row of rows) byKey.set(`${row.src}:${row.kind}:${row.dst}:${row.action}`, row);
  return [...byKey.values()];
}

async function upsertNodes(tx: Queryable, sourceId: number, sweepId: number, chunk: BatchNode[]) {
  // A ref never overwrites name or props, and takes ownership only of a node nobody reports in full.
  // `existing` reads the snapshot before the insert, so the counts compare old and new values.
  const rows = await queryRows<{ id: number; inserted: boolean; changed: boolean }>(tx, sql`
    with input as (
      select * from unnest(
        ${sql.param(chunk.map((n) => nodeKindCode(n.kind)))}::smallint[],
        ${sql.param(chunk.map((n) => n.key))}::text[],
        ${sql.param(chunk.map((n) => n.name))}::text[],
        ${sql.param(chunk.map((n) => JSON.stringify(n.props)))}::jsonb[],
        ${sql.param(chunk.map((n) => n.ref === true))}::boolean[]
      ) with ordinality as t(kind, key, name, props, is_ref, ord)
    ),
    existing as (
      select n.kind, n.key, n.name, n.props, n.is_ref from nodes n join input i on n.kind = i.kind and n.key = i.key
    ),
    upserted as (
      insert into nodes as n (kind, key, name, props, source_id, is_ref, first_seen_sweep, last_seen_sweep)
      select kind, key, name, props, ${sourceId}, is_ref, ${sweepId}, ${sweepId} from input order by ord
      on conflict (kind, key) do update set
        name = case when excluded.is_ref and not n.is_ref then n.name else excluded.name end,
        props = case when excluded.is_ref and not n.is_ref then n.props else excluded.props end,
        is_ref = excluded.is_ref and n.is_ref,
        source_id = case when excluded.is_ref and not n.is_ref and n.source_id is not null then n.source_id else excluded.source_id end,
        last_seen_sweep = case when excluded.is_ref and not n.is_ref and n.source_id is not null then n.last_seen_sweep else excluded.last_seen_sweep end
      returning n.id, n.kind, n.key, (n.xmax = 0) as inserted
    )
    select u.id, u.inserted,
      (e.kind is not null and not e.is_ref and (e.name is distinct from i.name or e.props is distinct from i.props) and not i.is_ref) as changed
    from input i
    join upserted u on u.kind = i.kind and u.key = i.key
    left join existing e on e.kind = i.kind and e.key = i.key
    order by i.ord
  `);
  return {
    ids: rows.map((row) => Number(row.id)),
    added: rows.filter((row) => row.inserted).length,
    updated: rows.filter((row) => row.changed).length,
  };
}

async function upsertEdges(tx: Queryable, sourceId: number, sweepId: number, chunk: EdgeRowInput[]) {
  const [row] = await queryRows<{ added: number; updated: number }>(tx, sql`
    with input as (
      select * from unnest(
        ${sql.param(chunk.map((e) => e.kind))}::smallint[],
        ${sql.param(chunk.map((e) => e.src))}::integer[],
        ${sql.param(chunk.map((e) => e.dst))}::integer[],
        ${sql.param(chunk.map((e) => e.action))}::text[],
        ${sql.param(chunk.map((e) => e.props))}::jsonb[]
      ) as t(kind, src, dst, action, props)
    ),
    existing as (
      select e.src, e.kind, e.dst, e.action, e.props from edges e
      join input i on e.src = i.src and e.kind = i.kind and e.dst = i.dst and e.action = i.action
    ),
    upserted as (
      insert into edges as e (kind, src, dst, action, props, source_id, first_seen_sweep, last_seen_sweep)
      select kind, src, dst, action, props, ${sourceId}, ${sweepId}, ${sweepId} from input
      on conflict (src, kind, dst, action) do update set
        props = excluded.props, source_id = excluded.source_id, last_seen_sweep = excluded.last_seen_sweep
      returning (e.xmax = 0) as inserted
    )
    select
      (select count(*) from upserted where inserted)::int as added,
      (select count(*) from existing x join input i
         on x.src = i.src and x.kind = i.kind and x.dst = i.dst and x.action = i.action
       where x.props is distinct from i.props)::int as updated
  `);
  return { added: Number(row.added), updated: Number(row.updated) };
}

/**
 * Deletes this source's edges and nodes that the current sweep did not report. A stale node that another
 * source's edges still point at is kept as a ref owned by that source, so pruning one source never cuts
 * another source's paths.
 */
async function pruneStale(tx: Queryable, sourceId: number, sweepId: number): Promise<{ nodes: number; edges: number }> {
  const [edges] = await queryRows<{ count: number }>(tx, sql`
    with deleted as (delete from edges where source_id = ${sourceId} and last_seen_sweep < ${sweepId} returning 1)
    select count(*)::int as count from deleted
  `);
  await tx.execute(sql`
    with stale as (select id from nodes where source_id = ${sourceId} and last_seen_sweep < ${sweepId}),
    touching as (
      select s.id, e.source_id from stale s join edges e on e.src = s.id
      union all
      select s.id, e.source_id from stale s join edges e on e.dst = s.id
    ),
    heir as (select id, min(source_id) as source_id from touching where source_id is not null group by id)
    update nodes set source_id = heir.source_id, is_ref = true from heir where nodes.id = heir.id
  `);
  const [nodes] = await queryRows<{ count: number }>(tx, sql`
    with deleted as (delete from nodes where source_id = ${sourceId} and last_seen_sweep < ${sweepId} returning 1)
    select count(*)::int as count from deleted
  `);
  return { nodes: Number(nodes.count), edges: Number(edges.count) };
}

function* chunked<T>(rows: T[]): Generator<T[]> {
  for (let start = 0; start < rows.length; start += CHUNK_ROWS) yield rows.slice(start, start + CHUNK_ROWS);
}
