/**
 * The graph store: idempotent bulk upsert of a batch, stamped with its sweep, and pruning of what the
 * source no longer reports, all in one transaction so a failed ingest changes nothing.
 *
 * Rows travel by COPY into staging tables, then two set-based merges: a handful of statements per
 * batch, whatever its size.
 */
import { sql } from "drizzle-orm";
import { copyField, copyLines } from "@/lib/db/bulk-copy";
import { queryRows, type Queryable } from "@/lib/db/rows";
import type { SweepStats } from "@/lib/db/schema";
import { edgeKindCode, nodeKindCode } from "@/lib/graph/kind-codes";
import { nodeRefId, type ValidGraphBatch } from "@/lib/graph/types";

interface UpsertCounts {
  added: number;
  updated: number;
}

/**
 * Writes a validated batch as sweep `sweepId` of source `sourceId` and prunes what that source reported
 * before but not now. Run inside the caller's transaction.
 *
 * The batch is COPYed into two temporary staging tables, then merged by two set-based statements: node
 * ids never travel back to this process, because the edges find their ends by joining on natural keys.
 */
export async function applyBatch(tx: Queryable, sourceId: number, sweepId: number, batch: ValidGraphBatch): Promise<SweepStats> {
  await createStagingTables(tx);
  await copyLines(tx, "stage_nodes", ["kind", "key", "name", "props", "is_ref", "ord"], nodeLines(dedupeNodes(batch.nodes)));
  await copyLines(tx, "stage_edges", ["kind", "src_kind", "src_key", "dst_kind", "dst_key", "action", "props", "ord"], edgeLines(batch.edges));
  // Temporary tables have no statistics until analysed, and the merge plans depend on their size.
  await tx.execute(sql`analyze stage_nodes`);
  await tx.execute(sql`analyze stage_edges`);
  const nodeCounts = await mergeStagedNodes(tx, sourceId, sweepId);
  const edgeCounts = await mergeStagedEdges(tx, sourceId, sweepId);
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

async function createStagingTables(tx: Queryable): Promise<void> {
  await tx.execute(sql`drop table if exists pg_temp.stage_nodes, pg_temp.stage_edges`);
  await tx.execute(sql`
    create temp table stage_nodes (kind smallint, key text collate "C", name text, props jsonb, is_ref boolean, ord integer) on commit drop
  `);
  await tx.execute(sql`
    create temp table stage_edges (
      kind smallint, src_kind smallint, src_key text collate "C", dst_kind smallint, dst_key text collate "C",
      action text collate "C", props jsonb, ord integer
    ) on commit drop
  `);
  // The merges sort and hash a batch's worth of rows: keep that in memory rather than in temp files.
  await tx.execute(sql`set local work_mem = '256MB'`);
}

type BatchNode = ValidGraphBatch["nodes"][number];
type BatchEdge = ValidGraphBatch["edges"][number];

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

function* nodeLines(nodes: BatchNode[]): Generator<string> {
  for (let ord = 0; ord < nodes.length; ord++) {
    const n = nodes[ord];
    yield `${nodeKindCode(n.kind)}\t${copyField(n.key)}\t${copyField(n.name)}\t${copyField(JSON.stringify(n.props))}\t${n.ref === true ? "t" : "f"}\t${ord}\n`;
  }
}

/** Edges by their ends' natural keys; duplicates are left to the merge (the latest, by ord, wins). */
function* edgeLines(edges: BatchEdge[]): Generator<string> {
  for (let ord = 0; ord < edges.length; ord++) {
    const e = edges[ord];
    const action = typeof e.props.action === "string" ? e.props.action : "";
    yield `${edgeKindCode(e.kind)}\t${nodeKindCode(e.src.kind)}\t${copyField(e.src.key)}\t${nodeKindCode(e.dst.kind)}\t${copyField(e.dst.key)}\t${copyField(action)}\t${copyField(JSON.stringify(e.props))}\t${ord}\n`;
  }
}

async function mergeStagedNodes(tx: Queryable, sourceId: number, sweepId: number): Promise<UpsertCounts> {
  // A ref never overwrites name or props, and takes ownership only of a node nobody reports in full.
  // `existing` reads the snapshot before the insert, so the counts compare old and new values.
  const [row] = await queryRows<{ added: number; updated: number }>(tx, sql`
    with existing as (
      select n.kind, n.key, n.name, n.props, n.is_ref from nodes n join stage_nodes i on n.kind = i.kind and n.key = i.key
    ),
    upserted as (
      insert into nodes as n (kind, key, name, props, source_id, is_ref, first_seen_sweep, last_seen_sweep)
      select kind, key, name, props, ${sourceId}, is_ref, ${sweepId}, ${sweepId} from stage_nodes order by ord
      on conflict (kind, key) do update set
        name = case when excluded.is_ref and not n.is_ref then n.name else excluded.name end,
        props = case when excluded.is_ref and not n.is_ref then n.props else excluded.props end,
        is_ref = excluded.is_ref and n.is_ref,
        source_id = case when excluded.is_ref and not n.is_ref and n.source_id is not null then n.source_id else excluded.source_id end,
        last_seen_sweep = case when excluded.is_ref and not n.is_ref and n.source_id is not null then n.last_seen_sweep else excluded.last_seen_sweep end
      returning (n.xmax = 0) as inserted
    )
    select
      (select count(*) from upserted where inserted)::int as added,
      (select count(*) from stage_nodes i join existing e on e.kind = i.kind and e.key = i.key
        where not e.is_ref and not i.is_ref and (e.name is distinct from i.name or e.props is distinct from i.props))::int as updated
  `);
  return { added: Number(row.added), updated: Number(row.updated) };
}

async function mergeStagedEdges(tx: Queryable, sourceId: number, sweepId: number): Promise<UpsertCounts> {
  // In natural-key order, which is the order of the edges' unique index: the insert walks the index
  // instead of jumping about it.
  const [row] = await queryRows<{ added: number; updated: number }>(tx, sql`
    with input as (
      select distinct on (a.id, s.kind, b.id, s.action) s.kind, a.id as src, b.id as dst, s.action, s.props
      from stage_edges s
      join nodes a on a.kind = s.src_kind and a.key = s.src_key
      join nodes b on b.kind = s.dst_kind and b.key = s.dst_key
      order by a.id, s.kind, b.id, s.action, s.ord desc
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
