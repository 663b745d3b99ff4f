/**
 * The graph store: idempotent bulk upsert of a batch, stamped with its sweep, and pruning of what the
 * source no longer reports, all in one transaction so a failed ingest changes nothing.
 *
 * Rows travel by COPY, into staging tables merged set-based (a handful of statements per batch, whatever
 * its size), or straight into a table with nothing to merge with.
 */
import { sql, type SQL } from "drizzle-orm";
import { copyLines } from "@/lib/db/store/bulk-copy";
import { LOCK_NOT_AVAILABLE, findDatabaseError } from "@/lib/db/database-error";
import { queryRows, type Queryable } from "@/lib/db/rows";
import type { SweepStats } from "@/lib/db/schema";
import { EdgeEndsLookup, dedupeNodes, edgeRowLines, nodeLines, orderEdgeRows } from "@/lib/db/store/batch-rows";
import type { ValidGraphBatch } from "@/lib/graph/types";

type BatchNode = ValidGraphBatch["nodes"][number];

interface UpsertCounts {
  added: number;
  updated: number;
}

/**
 * Writes a validated batch as sweep `sweepId` of source `sourceId` and prunes what that source reported
 * before but not now. Run inside the caller's transaction.
 *
 * Nodes are COPYed in (staged and merged, or straight into an empty table) and their ids come back in
 * one value; the edges are resolved to those ids, de-duplicated and ordered in memory, and COPYed by id
 * (see EdgeLoadPlan). Stored rows are rewritten only where something changed, new rows plainly inserted,
 * and the source's rows missing from the batch deleted.
 */
export async function applyBatch(tx: Queryable, sourceId: number, sweepId: number, batch: ValidGraphBatch, options: ApplyOptions = {}): Promise<SweepStats> {
  await lockGraphForWriting(tx);
  await createStagingTables(tx);
  const rebuildFrom = options.rebuildIndexesFrom ?? REBUILD_MIN_EDGES;
  const firstLoad = await isLargeFirstLoad(tx, batch.edges.length, rebuildFrom);
  const { nodes, ordOf } = dedupeNodes(batch.nodes);
  const writingNodes = firstLoad ? appendNodes(tx, sourceId, sweepId, nodes) : mergeNodes(tx, sourceId, sweepId, nodes);
  // Both take about as long, one in the server and one here: the edges' ends are looked up while the
  // server writes the nodes, a slice at a time so the COPY keeps flowing between slices.
  writingNodes.catch(() => {}); // awaited below; a failure must not go unhandled meanwhile
  const lookup = new EdgeEndsLookup(batch.edges, ordOf);
  while (lookup.lookUpNext(LOOKUP_SLICE)) await new Promise((resolve) => setImmediate(resolve));
  const written = await writingNodes;
  const rows = orderEdgeRows(batch.edges, lookup.finish(), written.idOfOrd);
  const plan = firstLoad ? "append" : await planEdgeLoad(tx, rows.count, rebuildFrom);
  if (plan !== "merge") await dropIndexes(tx, "edges");
  let edgeCounts: UpsertCounts & { pruned: number };
  if (plan === "append") {
    // Nothing stored to compare with: the rows go straight into the table.
    await copyLines(tx, "edges", [...EDGE_ROW_COLUMNS, "source_id", "first_seen_sweep"], edgeRowLines(batch.edges, rows, [sourceId, sweepId]));
    edgeCounts = { added: rows.count, updated: 0, pruned: 0 };
  } else {
    await copyLines(tx, "stage_edge_rows", EDGE_ROW_COLUMNS, edgeRowLines(batch.edges, rows));
    await tx.execute(sql`analyze stage_edge_rows`);
    edgeCounts = await mergeStagedEdges(tx, sourceId, sweepId);
  }
  if (plan !== "merge") await createIndexes(tx, "edges");
  const nodesPruned = firstLoad ? 0 : await pruneStaleNodes(tx, sourceId);
  return {
    nodesAdded: written.added,
    nodesUpdated: written.updated,
    nodesPruned,
    edgesAdded: edgeCounts.added,
    edgesUpdated: edgeCounts.updated,
    edgesPruned: edgeCounts.pruned,
  };
}

/** Edges looked up between turns of the event loop: ~20 ms of work. */
const LOOKUP_SLICE = 32_768;

/**
 * Makes this transaction the graph's only writer until it ends; a transaction that holds it already
 * passes straight through. The merges insert without ON CONFLICT (a speculative insert costs several
 * times a plain one), which is only safe while no other transaction writes the graph: ingests take turns.
 * A transaction that reads the graph before it writes (a sweep's posture snapshot) takes this first, so
 * that what it read is what it changes.
 */
export async function lockGraphForWriting(tx: Queryable): Promise<void> {
  await tx.execute(sql.raw(`select pg_advisory_xact_lock(${GRAPH_WRITE_LOCK})`));
}

/** The advisory lock every graph write holds until its transaction ends: "blas", "tmap" in ASCII. */
const GRAPH_WRITE_LOCK = `${0x626c6173}, ${0x746d6170}`;

async function createStagingTables(tx: Queryable): Promise<void> {
  await tx.execute(sql`drop table if exists pg_temp.stage_nodes, pg_temp.stage_edge_rows, pg_temp.edge_diff, pg_temp.stale_nodes`);
  await tx.execute(sql`
    create temp table stage_nodes (kind smallint, key text collate "C", name text, props jsonb, is_ref boolean, ord integer) on commit drop
  `);
  await tx.execute(sql`
    create temp table stage_edge_rows (kind smallint, src integer, dst integer, action text collate "C", props jsonb, flags smallint) on commit drop
  `);
  // The merges sort and hash a batch's worth of rows: keep that in memory rather than in temp files.
  await tx.execute(sql`set local work_mem = '256MB'`);
}

const EDGE_ROW_COLUMNS = ["kind", "src", "dst", "action", "props", "flags"];

/**
 * How a batch's edges are written:
 * - `merge`: into the indexes as they stand, the usual sweep;
 * - `rebuild`: the batch more than doubles the stored edges at the least, so the indexes are dropped,
 *   the rows merged and the indexes built again, as Postgres's manual advises for large loads
 *   ("Populating a Database"): building an index over a million rows costs about a second here,
 *   maintaining it row by row about three;
 * - `append`: the same, into a table that holds no edge at all, with nothing to compare.
 * The nodes of a large batch into an empty graph likewise go straight into their table (appendNodes).
 *
 * Dropping an index locks its table against readers until the transaction ends, so only a large batch
 * does it: readers would wait for a whole sweep to spare a fraction of a second. The lock is taken
 * before anything is dropped, waiting at most BULK_LOCK_WAIT_MS: a transaction that already read the
 * graph and reads it again would otherwise wait for this one while this one waits for it, a deadlock
 * Postgres breaks by failing one of them. A table still busy by then gets a merge instead.
 */
type EdgeLoadPlan = "merge" | "rebuild" | "append";

/** Below this many edges a batch is merged into the standing indexes. */
const REBUILD_MIN_EDGES = 50_000;

export interface ApplyOptions {
  /** Batches with fewer edges never drop the indexes (default 50,000; tests lower it). */
  rebuildIndexesFrom?: number;
}

/** Only batches this large ever write a table without its indexes. */
function isLargeBatch(edges: number, rebuildFrom: number): boolean {
  return edges > 0 && edges >= rebuildFrom;
}

/** A large batch into a graph that holds nothing: both tables locked, to be written without their indexes. */
async function isLargeFirstLoad(tx: Queryable, batchEdges: number, rebuildFrom: number): Promise<boolean> {
  if (!isLargeBatch(batchEdges, rebuildFrom)) return false;
  const [graph] = await queryRows<{ empty: boolean }>(tx, sql`select not exists (select from nodes) as empty`);
  return graph.empty && (await lockExclusively(tx, ["nodes", "edges"]));
}

async function planEdgeLoad(tx: Queryable, edges: number, rebuildFrom: number): Promise<EdgeLoadPlan> {
  if (!isLargeBatch(edges, rebuildFrom)) return "merge";
  // Counts no further than half the batch: whether the table holds fewer is all it needs to know. A
  // sweep that grows an estate a little merges: rebuilding would lock readers out on every sweep.
  const half = Math.ceil(edges / 2);
  const [stored] = await queryRows<{ count: number }>(tx, sql`select count(*)::int as count from (select from edges limit ${half}) e`);
  const count = Number(stored.count);
  if (count >= half || !(await lockExclusively(tx, ["edges"]))) return "merge";
  return count === 0 ? "append" : "rebuild";
}

/**
 * Below Postgres's deadlock_timeout (1 s by default), so that in a deadlock this transaction gives up
 * its wait before the server picks a transaction to fail.
 */
const BULK_LOCK_WAIT_MS = 200;

/** Locks `tables` against everyone until the transaction ends, or returns false (holding nothing new) when others still use them. */
async function lockExclusively(tx: Queryable, tables: string[]): Promise<boolean> {
  // A failed statement aborts the transaction; rolling back to a savepoint revives it and releases what the lock statement took.
  await tx.execute(sql`savepoint bulk_load_locks`);
  try {
    await tx.execute(sql.raw(`set local lock_timeout = ${BULK_LOCK_WAIT_MS}`));
    await tx.execute(sql.raw(`lock table ${tables.join(", ")} in access exclusive mode`));
  } catch (error) {
    if (findDatabaseError(error)?.code !== LOCK_NOT_AVAILABLE) throw error;
    await tx.execute(sql`rollback to savepoint bulk_load_locks`); // also undoes the lock_timeout
    return false;
  }
  await tx.execute(sql`release savepoint bulk_load_locks`);
  await tx.execute(sql`set local lock_timeout to default`);
  return true;
}

/** The graph tables' indexes exactly as the migrations define them (lib/db/schema.ts). */
const GRAPH_INDEXES = {
  nodes: [
    { drop: "alter table nodes drop constraint nodes_pkey", create: "alter table nodes add constraint nodes_pkey primary key (id)" },
    { drop: "drop index nodes_kind_key_uq", create: "create unique index nodes_kind_key_uq on nodes (kind, key)" },
  ],
  edges: [
    { drop: "alter table edges drop constraint edges_pkey", create: "alter table edges add constraint edges_pkey primary key (src, kind, dst, action)" },
    { drop: "drop index edges_dst_kind_idx", create: "create index edges_dst_kind_idx on edges (dst, kind)" },
  ],
};

async function dropIndexes(tx: Queryable, table: keyof typeof GRAPH_INDEXES): Promise<void> {
  for (const index of GRAPH_INDEXES[table]) await tx.execute(sql.raw(index.drop));
}

async function createIndexes(tx: Queryable, table: keyof typeof GRAPH_INDEXES): Promise<void> {
  // Each index's sort in memory rather than in temporary files (the default allows 64 MB).
  await tx.execute(sql`set local maintenance_work_mem = '512MB'`);
  for (const index of GRAPH_INDEXES[table]) await tx.execute(sql.raw(index.create));
}

interface WrittenNodes extends UpsertCounts {
  /** The stored id of each of the batch's distinct nodes, by ordinal. */
  idOfOrd: Int32Array;
}

/**
 * Into a table that holds no node: straight in by COPY, in ordinal order, its indexes built afterwards
 * (isLargeFirstLoad has locked the table). The identity column numbers rows in the order
 * COPY reads them, so the ids in ascending order are the ids by ordinal.
 */
async function appendNodes(tx: Queryable, sourceId: number, sweepId: number, nodes: BatchNode[]): Promise<WrittenNodes> {
  await dropIndexes(tx, "nodes");
  await copyLines(tx, "nodes", ["kind", "key", "name", "props", "is_ref", "source_id", "first_seen_sweep", "last_seen_sweep"], nodeLines(nodes, [sourceId, sweepId, sweepId]));
  await createIndexes(tx, "nodes");
  const idOfOrd = await readIds(tx, sql`select string_agg(id::text, ',' order by id) as ids from nodes`, nodes.length);
  return { added: nodes.length, updated: 0, idOfOrd };
}

/** Staged by COPY, then merged set-based into the nodes already stored. */
async function mergeNodes(tx: Queryable, sourceId: number, sweepId: number, nodes: BatchNode[]): Promise<WrittenNodes> {
  await copyLines(tx, "stage_nodes", ["kind", "key", "name", "props", "is_ref", "ord"], nodeLines(nodes));
  // Temporary tables have no statistics until analysed, and the merge plans depend on their size.
  await tx.execute(sql`analyze stage_nodes`);
  const counts = await mergeStagedNodes(tx, sourceId, sweepId);
  const idOfOrd = await readIds(tx, sql`
    select string_agg(n.id::text, ',' order by s.ord) as ids from stage_nodes s join nodes n on n.kind = s.kind and n.key = s.key
  `, nodes.length);
  return { ...counts, idOfOrd };
}

/** Node ids sent back as one comma-separated value: one round trip and one string, on every driver. */
async function readIds(tx: Queryable, query: SQL, expected: number): Promise<Int32Array> {
  const [row] = await queryRows<{ ids: string | null }>(tx, query);
  const ids = row.ids ? row.ids.split(",") : [];
  if (ids.length !== expected) throw new Error(`applyBatch: ${expected} nodes written but ${ids.length} found stored`);
  return Int32Array.from(ids, Number);
}

/**
 * Stored nodes are rewritten only when what they hold or who owns them changes, so a sweep that finds
 * nothing new rewrites no node (at 1M edges, restamping every node cost ~1.5 s a sweep, and every
 * rewrite leaves a dead row behind). `last_seen_sweep` is therefore the last sweep that wrote the node;
 * its owner's latest successful sweep saw it too, since a sweep prunes what it no longer reports.
 *
 * A source changes only what it owns. A node another source reports in full is, in this batch, a
 * reference whatever the batch says: its name, props and owner stay (a push token scoped to one source
 * must not rename another source's agent or rewrite its props). A source may fill in a ref, or a node
 * whose source is gone: that is how batches of different collectors join.
 */
async function mergeStagedNodes(tx: Queryable, sourceId: number, sweepId: number): Promise<UpsertCounts> {
  // `writes`: this full report replaces the stored name and props. A ref keeps its owner (the first
  // source that needed it) until a full report or its owner's pruning hands it on.
  // Counted as updated: a full report whose name or props differ from the stored full node.
  const [changed] = await queryRows<{ count: number }>(tx, sql`
    with compared as (
      select m.id, m.name as stored_name, m.props as stored_props, m.is_ref as stored_ref, m.source_id as stored_source,
        s.name, s.props,
        not s.is_ref and (m.is_ref or m.source_id is null or m.source_id = ${sourceId}::int) as writes
      from nodes m join stage_nodes s on m.kind = s.kind and m.key = s.key
    ),
    merged as (
      select id,
        case when writes then name else stored_name end as name,
        case when writes then props else stored_props end as props,
        not writes and stored_ref as is_ref,
        case when writes or stored_source is null then ${sourceId}::int else stored_source end as source_id,
        writes and not stored_ref and (stored_name is distinct from name or stored_props is distinct from props) as content_changed
      from compared
    ),
    updated as (
      update nodes n set name = v.name, props = v.props, is_ref = v.is_ref, source_id = v.source_id, last_seen_sweep = ${sweepId}
      from merged v
      where n.id = v.id and (n.name, n.props, n.is_ref, n.source_id) is distinct from (v.name, v.props, v.is_ref, v.source_id)
      returning v.content_changed
    )
    select count(*) filter (where content_changed)::int as count from updated
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
 * The staged edges against the stored ones in one pass (a hash full join): what is new, what changed (its
 * props, its flags, a grant's class) and what this source no longer reports. Only those rows are
 * written, so a sweep that finds nothing new writes no edge. Three joins did this before (changed, new,
 * gone): each cost about a second at a million edges.
 *
 * An edge another source owns is a reference here, as nodes are: this batch neither rewrites its props
 * nor takes it over, so it can neither change it nor, by leaving it out later, prune it. When its owner
 * stops reporting it, it goes; a source that still reports it adds it back on its next sweep. An edge
 * whose source is gone is adopted by the first source that reports it.
 */
async function mergeStagedEdges(tx: Queryable, sourceId: number, sweepId: number): Promise<UpsertCounts & { pruned: number }> {
  await tx.execute(sql`
    create temp table edge_diff on commit drop as
    select coalesce(r.kind, e.kind) as kind, coalesce(r.src, e.src) as src, coalesce(r.dst, e.dst) as dst,
      coalesce(r.action, e.action) as action, r.props, r.flags,
      e.kind is null as is_new, r.kind is null as is_gone,
      e.props is distinct from r.props or e.flags <> r.flags as props_changed -- read only where both sides are present
    from stage_edge_rows r full join edges e on e.src = r.src and e.kind = r.kind and e.dst = r.dst and e.action = r.action
    where e.kind is null
      or (r.kind is null and e.source_id = ${sourceId})
      or (r.kind is not null and (e.source_id is null or (e.source_id = ${sourceId} and (e.props is distinct from r.props or e.flags <> r.flags))))
  `);
  await tx.execute(sql`analyze edge_diff`);
  const [updated] = await queryRows<{ count: number }>(tx, sql`
    with updated as (
      update edges e set props = d.props, flags = d.flags, source_id = ${sourceId}
      from edge_diff d where not d.is_new and not d.is_gone and e.src = d.src and e.kind = d.kind and e.dst = d.dst and e.action = d.action
      returning d.props_changed
    )
    select count(*) filter (where props_changed)::int as count from updated
  `);
  const [added] = await queryRows<{ count: number }>(tx, sql`
    with inserted as (
      insert into edges (kind, src, dst, action, props, flags, source_id, first_seen_sweep)
      select d.kind, d.src, d.dst, d.action, d.props, d.flags, ${sourceId}, ${sweepId} from edge_diff d where d.is_new
      order by d.src, d.kind, d.dst, d.action -- the table's key order, as the rest of the table was written
      returning 1
    )
    select count(*)::int as count from inserted
  `);
  const [pruned] = await queryRows<{ count: number }>(tx, sql`
    with deleted as (
      delete from edges e using edge_diff d where d.is_gone and e.src = d.src and e.kind = d.kind and e.dst = d.dst and e.action = d.action
      returning 1
    )
    select count(*)::int as count from deleted
  `);
  return { added: Number(added.count), updated: Number(updated.count), pruned: Number(pruned.count) };
}

/**
 * Deletes this source's nodes that the batch does not hold (its edges went in the merge). A stale node
 * that another source's edges still point at is kept as a ref owned by that source, so pruning one source
 * never cuts another source's paths. Nodes written straight into an empty table were never staged, and
 * there is nothing older to compare them with.
 */
async function pruneStaleNodes(tx: Queryable, sourceId: number): Promise<number> {
  await tx.execute(sql`
    create temp table stale_nodes on commit drop as
    select n.id from nodes n
    where n.source_id = ${sourceId} and not exists (select 1 from stage_nodes s where s.kind = n.kind and s.key = n.key)
  `);
  await tx.execute(sql`
    with touching as (
      select s.id, e.source_id from stale_nodes s join edges e on e.src = s.id
      union all
      select s.id, e.source_id from stale_nodes s join edges e on e.dst = s.id
    ),
    heir as (select id, min(source_id) as source_id from touching where source_id is not null group by id)
    update nodes set source_id = heir.source_id, is_ref = true from heir where nodes.id = heir.id
  `);
  const [nodes] = await queryRows<{ count: number }>(tx, sql`
    with deleted as (delete from nodes n using stale_nodes s where n.id = s.id and n.source_id = ${sourceId} returning 1)
    select count(*)::int as count from deleted
  `);
  return Number(nodes.count);
}
