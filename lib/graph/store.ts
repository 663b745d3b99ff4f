/**
 * The graph store: idempotent bulk upsert of a batch, stamped with its sweep, and pruning of what the
 * source no longer reports, all in one transaction so a failed ingest changes nothing.
 *
 * Rows travel by COPY into staging tables, then set-based merges: a handful of statements per batch,
 * whatever its size.
 */
import { sql } from "drizzle-orm";
import { copyField, copyLines } from "@/lib/db/bulk-copy";
import { queryRows, type Queryable } from "@/lib/db/rows";
import type { SweepStats } from "@/lib/db/schema";
import { edgeKindCode, nodeKindCode } from "@/lib/graph/kind-codes";
import { packEdgeFlags } from "@/lib/graph/reach-batch";
import { nodeRefId, type ValidGraphBatch } from "@/lib/graph/types";

interface UpsertCounts {
  added: number;
  updated: number;
}

/**
 * Writes a validated batch as sweep `sweepId` of source `sourceId` and prunes what that source reported
 * before but not now. Run inside the caller's transaction.
 *
 * The batch is COPYed into temporary staging tables, then merged set-based: existing rows are updated
 * (edges only where something changed), new rows plainly inserted, and the source's rows missing from
 * the batch deleted. Node ids never travel back to this process: an edge's ends are staged as the
 * ordinals of the batch's nodes, which the server joins to their ids.
 */
export async function applyBatch(tx: Queryable, sourceId: number, sweepId: number, batch: ValidGraphBatch): Promise<SweepStats> {
  // The merges insert without ON CONFLICT (a speculative insert costs several times a plain one), which
  // is only safe while no other transaction writes the graph: ingests take turns.
  await tx.execute(sql.raw(`select pg_advisory_xact_lock(${GRAPH_WRITE_LOCK})`));
  await createStagingTables(tx);
  const nodes = dedupeNodes(batch.nodes);
  await copyLines(tx, "stage_nodes", ["kind", "key", "name", "props", "is_ref", "ord"], nodeLines(nodes));
  await copyLines(tx, "stage_edges", ["kind", "src_ord", "dst_ord", "action", "props", "flags", "ord"], edgeLines(batch.edges, nodes));
  // Temporary tables have no statistics until analysed, and the merge plans depend on their size.
  await tx.execute(sql`analyze stage_nodes`);
  await tx.execute(sql`analyze stage_edges`);
  const nodeCounts = await mergeStagedNodes(tx, sourceId, sweepId);
  await resolveStagedEdges(tx);
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

/** The advisory lock every graph write holds until its transaction ends: "blas", "tmap" in ASCII. */
const GRAPH_WRITE_LOCK = `${0x626c6173}, ${0x746d6170}`;

async function createStagingTables(tx: Queryable): Promise<void> {
  await tx.execute(sql`drop table if exists pg_temp.stage_nodes, pg_temp.stage_edges, pg_temp.stage_node_ids, pg_temp.stage_edge_rows`);
  await tx.execute(sql`
    create temp table stage_nodes (kind smallint, key text collate "C", name text, props jsonb, is_ref boolean, ord integer) on commit drop
  `);
  await tx.execute(sql`
    create temp table stage_edges (kind smallint, src_ord integer, dst_ord integer, action text collate "C", props jsonb, flags smallint, ord integer) on commit drop
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

/**
 * Edges by the staged rows of their ends (every end is a node of the batch, validation made sure): two
 * integers travel and join instead of two kinds and keys. Duplicates are left to the merge (the latest,
 * by ord, wins).
 */
function* edgeLines(edges: BatchEdge[], nodes: BatchNode[]): Generator<string> {
  const ordOf = new Map<string, number>();
  nodes.forEach((node, ord) => ordOf.set(nodeRefId(node), ord));
  for (let ord = 0; ord < edges.length; ord++) {
    const e = edges[ord];
    const action = typeof e.props.action === "string" ? e.props.action : "";
    yield `${edgeKindCode(e.kind)}\t${ordOf.get(nodeRefId(e.src))}\t${ordOf.get(nodeRefId(e.dst))}\t${copyField(action)}\t${copyField(JSON.stringify(e.props))}\t${packEdgeFlags(e.props)}\t${ord}\n`;
  }
}

async function mergeStagedNodes(tx: Queryable, sourceId: number, sweepId: number): Promise<UpsertCounts> {
  // Counted before the update, which is what it compares against: a full report whose name or props differ.
  const [changed] = await queryRows<{ count: number }>(tx, sql`
    select count(*)::int as count from nodes n join stage_nodes s on n.kind = s.kind and n.key = s.key
    where not n.is_ref and not s.is_ref and (n.name is distinct from s.name or n.props is distinct from s.props)
  `);
  // A ref never overwrites name or props, and takes ownership only of a node nobody reports in full.
  await tx.execute(sql`
    update nodes n set
      name = case when s.is_ref and not n.is_ref then n.name else s.name end,
      props = case when s.is_ref and not n.is_ref then n.props else s.props end,
      is_ref = s.is_ref and n.is_ref,
      source_id = case when s.is_ref and not n.is_ref and n.source_id is not null then n.source_id else ${sourceId} end,
      last_seen_sweep = case when s.is_ref and not n.is_ref and n.source_id is not null then n.last_seen_sweep else ${sweepId} end
    from stage_nodes s where n.kind = s.kind and n.key = s.key
  `);
  const [added] = await queryRows<{ count: number }>(tx, sql`
    with inserted as (
      insert into nodes (kind, key, name, props, source_id, is_ref, first_seen_sweep, last_seen_sweep)
      select s.kind, s.key, s.name, s.props, ${sourceId}, s.is_ref, ${sweepId}, ${sweepId} from stage_nodes s
      where not exists (select 1 from nodes n where n.kind = s.kind and n.key = s.key)
      order by s.ord
      returning 1
    )
    select count(*)::int as count from inserted
  `);
  return { added: Number(added.count), updated: Number(changed.count) };
}

/**
 * The batch's edges by node id, one row per natural key (the latest, by ord, wins), in the primary key's
 * order so the inserts walk its index instead of jumping about it.
 */
async function resolveStagedEdges(tx: Queryable): Promise<void> {
  await tx.execute(sql`
    create temp table stage_node_ids on commit drop as
    select s.ord, n.id from nodes n join stage_nodes s on n.kind = s.kind and n.key = s.key
  `);
  await tx.execute(sql`analyze stage_node_ids`);
  await tx.execute(sql`
    create temp table stage_edge_rows on commit drop as
    select distinct on (a.id, s.kind, b.id, s.action) s.kind, a.id as src, b.id as dst, s.action, s.props, s.flags
    from stage_edges s
    join stage_node_ids a on a.ord = s.src_ord
    join stage_node_ids b on b.ord = s.dst_ord
    order by a.id, s.kind, b.id, s.action, s.ord desc
  `);
  await tx.execute(sql`analyze stage_edge_rows`);
}

/**
 * Edges already stored are rewritten only when their props or their owner change, so a sweep that finds
 * nothing new writes nothing; the rest are plain inserts.
 */
async function mergeStagedEdges(tx: Queryable, sourceId: number, sweepId: number): Promise<UpsertCounts> {
  const [updated] = await queryRows<{ count: number }>(tx, sql`
    with changed as (
      select r.kind, r.src, r.dst, r.action, r.props, r.flags, e.props is distinct from r.props as props_changed
      from edges e join stage_edge_rows r on e.src = r.src and e.kind = r.kind and e.dst = r.dst and e.action = r.action
      where e.props is distinct from r.props or e.source_id is distinct from ${sourceId}
    ),
    updated as (
      update edges e set props = c.props, flags = c.flags, source_id = ${sourceId}
      from changed c where e.src = c.src and e.kind = c.kind and e.dst = c.dst and e.action = c.action
      returning c.props_changed
    )
    select count(*) filter (where props_changed)::int as count from updated
  `);
  const [added] = await queryRows<{ count: number }>(tx, sql`
    with inserted as (
      insert into edges (kind, src, dst, action, props, flags, source_id, first_seen_sweep)
      select r.kind, r.src, r.dst, r.action, r.props, r.flags, ${sourceId}, ${sweepId} from stage_edge_rows r
      where not exists (select 1 from edges e where e.src = r.src and e.kind = r.kind and e.dst = r.dst and e.action = r.action)
      returning 1
    )
    select count(*)::int as count from inserted
  `);
  return { added: Number(added.count), updated: Number(updated.count) };
}

/**
 * Deletes this source's edges that the batch does not hold and its nodes that the current sweep did not
 * report. A stale node that another source's edges still point at is kept as a ref owned by that source,
 * so pruning one source never cuts another source's paths.
 */
async function pruneStale(tx: Queryable, sourceId: number, sweepId: number): Promise<{ nodes: number; edges: number }> {
  const [edges] = await queryRows<{ count: number }>(tx, sql`
    with deleted as (
      -- Edges this sweep added are in the batch by definition: only older ones need the comparison.
      delete from edges e where e.source_id = ${sourceId} and e.first_seen_sweep < ${sweepId}
        and not exists (select 1 from stage_edge_rows r where e.src = r.src and e.kind = r.kind and e.dst = r.dst and e.action = r.action)
      returning 1
    )
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
