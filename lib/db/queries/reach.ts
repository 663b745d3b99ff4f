/**
 * Reach queries for the CLI, the API and the UI. Reach is answered from the in-memory index (see
 * reach-index-cache.ts and lib/graph/reach/); the plain recursive query that tests compare against and
 * the benchmark's baseline is lib/db/testing/reach-reference.ts.
 */
import { sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { queryRows, type Queryable } from "@/lib/db/rows";
import { AppError } from "@/lib/errors";
import { nodeKindCode, nodeKindFromCode } from "@/lib/graph/kind-codes";
import { getReachCounts } from "@/lib/graph/reach/counts";
import { rememberOnIndex } from "@/lib/db/queries/reach-answer-cache";
import { getReachIndex } from "@/lib/db/queries/reach-index-cache";
import type { ReachIndex } from "@/lib/graph/reach/reach-index";
import type { ReachCount } from "@/lib/graph/reach/counting-rule";
import { compareReachRows, rawRowAt, type RawReachRow, type ReachTable } from "@/lib/graph/reach/rows";
import { firstResourcesCandidates, getAgentReachTable, rowKeyAt, rowsNoWorseThan, tableRowsOfClasses } from "@/lib/graph/reach/table-rows";
import { PHASE_ACCESS, type PathEdge } from "@/lib/graph/reach/scan";
import { ACTION_CLASSES, type ActionClass, type NodeKind } from "@/lib/graph/types";

export interface ReachNode {
  id: number;
  kind: NodeKind;
  key: string;
  name: string;
}

export interface ReachRow {
  action: string;
  class: ActionClass;
  resource: ReachNode;
  /** Some edge on the path was assumed from the credential's kind (worst case), not learned. */
  assumed: boolean;
  conditional: boolean;
  /** How many things die with this resource. */
  holds: number;
  /** "contained in <resource>" / "stored in <resource>" when this dies with another resource; else null. */
  via: string | null;
  viaResource: ReachNode | null;
  path: { nodes: ReachNode[]; edges: PathEdge[] };
}

export interface AgentReach {
  agent: ReachNode;
  rows: ReachRow[];
}

// ── Agents ─────────────────────────────────────────────────────────────────────────

export async function listAgentNodes(db: Queryable): Promise<(ReachNode & { props: Record<string, unknown> })[]> {
  const rows = await queryRows<{ id: number; key: string; name: string; props: Record<string, unknown> }>(
    db,
    sql`select id, key, name, props from nodes where kind = ${nodeKindCode("agent")} order by name, key`,
  );
  return rows.map((r) => ({ id: Number(r.id), kind: "agent", key: r.key, name: r.name, props: r.props }));
}

/** An agent by numeric id, natural key or display name (case-insensitive); several by that name is an error. */
export async function findAgentOrThrow(db: Queryable, agentIdOrName: string | number): Promise<ReachNode> {
  const text = String(agentIdOrName).trim();
  const byId = /^\d+$/.test(text) ? Number(text) : -1;
  const rows = await queryRows<{ id: number; key: string; name: string }>(db, sql`
    select id, key, name from nodes
    where kind = ${nodeKindCode("agent")} and (id = ${byId} or key = ${text} or lower(name) = lower(${text}))
    order by (id = ${byId}) desc, (key = ${text}) desc, id
  `);
  if (rows.length === 0) throw new AppError("not_found:agent", `No agent with id, key or name "${text}". Run \`blastmap agents\` to list them.`);
  const exact = rows.filter((r) => Number(r.id) === byId || r.key === text);
  if (exact.length === 0 && rows.length > 1) {
    throw new AppError("bad_request:input", `Several agents are named "${text}": use one of their ids (${rows.map((r) => r.id).join(", ")}).`);
  }
  const row = exact[0] ?? rows[0];
  return { id: Number(row.id), kind: "agent", key: row.key, name: row.name };
}

export interface AgentReachCounts extends ReachNode {
  agentKind: string | null;
  /** D1 and D2 actions by the counting rule (lib/graph/reach/counting-rule.ts): (action, resource) pairs. */
  d1: number;
  d2: number;
  /** Every count of the rule: actions and resources per class, resources at risk. */
  counts: ReachCount;
}

/** Every agent with its counts by the counting rule (D1/D2 actions, resources per class, resources at risk). */
export async function listAgentsWithReachCounts(db: Db): Promise<AgentReachCounts[]> {
  const index = await getReachIndex(db);
  const agents = await listAgentNodes(db);
  return agents.map((agent) => {
    const counts = getReachCounts(index, agent.id, PHASE_ACCESS);
    return {
      id: agent.id,
      kind: agent.kind,
      key: agent.key,
      name: agent.name,
      agentKind: typeof agent.props.agentKind === "string" ? agent.props.agentKind : null,
      d1: counts.actions.D1,
      d2: counts.actions.D2,
      counts: { actions: counts.actions, resources: counts.resources, atRisk: counts.atRisk },
    };
  });
}

export interface AgentReachOptions {
  /** Only these classes (e.g. ["D1", "D2"]). */
  classes?: ActionClass[];
  /** At most this many rows, the worst first. */
  limit?: number;
}

/** Every action the agent can reach, with its path, ranked (class, what the resource holds, names). */
export async function getAgentReach(db: Db, agentIdOrName: string | number, options: AgentReachOptions = {}): Promise<AgentReach> {
  const agent = await findAgentOrThrow(db, agentIdOrName);
  const index = await getReachIndex(db);
  const table = getAgentReachTable(index, agent.id);
  const rows = tableRowsOfClasses(table, options.classes);
  if (options.limit === undefined) return { agent, rows: await resolveReachRows(db, rows.map((i) => rawRowAt(table, i))) };
  const candidates = rowsNoWorseThan(table, rows, rowKeyAt(table, rows, options.limit));
  const ranked = await rankTableRows(db, index, table, candidates);
  return { agent, rows: await resolveRankedRows(db, index, table, ranked.rows.slice(0, options.limit), ranked.nodes) };
}

export interface AgentReachByClass extends AgentReach {
  /** D1 resources, D2 resources…: distinct resources per class by the counting rule (the rows hold only the first ones). */
  resources: Partial<Record<ActionClass, number>>;
  /** Every count of the counting rule for this agent, as the agents list and the overview show it. */
  counts: ReachCount;
}

/**
 * The agent page's view: for each class, the rows of its first `resourcesPerClass` resources in reach
 * order, and how many resources there are in all. At 1M edges the largest agent reaches ~250k rows, so
 * the ranking runs on ids and only the rows shown are given paths and names.
 */
export async function getAgentReachByClass(
  db: Db,
  agentOrIdOrName: ReachNode | string | number,
  options: { classes: readonly ActionClass[]; resourcesPerClass: number },
): Promise<AgentReachByClass> {
  // The agent page has read the agent's row already: one query less per page view. The index is the
  // graph's last good state, which may have pruned it since: the same not-found as a lookup.
  const agent = typeof agentOrIdOrName === "object" ? agentOrIdOrName : await findAgentOrThrow(db, agentOrIdOrName);
  const index = await getReachIndex(db);
  if (index.nodeKind[agent.id] !== nodeKindCode("agent")) throw new AppError("not_found:agent", `No agent with id "${agent.id}".`);
  // The same answer while the index is current (its names come from the graph the index was built on).
  return rememberOnIndex(index, `by-class:${agent.id}:${options.classes.join(",")}:${options.resourcesPerClass}`, () =>
    computeAgentReachByClass(db, index, agent, options),
  );
}

async function computeAgentReachByClass(
  db: Db,
  index: ReachIndex,
  agent: ReachNode,
  options: { classes: readonly ActionClass[]; resourcesPerClass: number },
): Promise<AgentReachByClass> {
  const table = getAgentReachTable(index, agent.id);
  const resources: Partial<Record<ActionClass, number>> = {};
  const candidates = firstResourcesCandidates(index, table, options.classes, options.resourcesPerClass);
  const ranked = await rankTableRows(db, index, table, candidates);
  const shown = new Map<ActionClass, Set<number>>();
  const chosen = ranked.rows.filter((i) => {
    const cls = ACTION_CLASSES[table.classCode(i) - 1];
    const kept = shown.get(cls) ?? new Set<number>();
    shown.set(cls, kept);
    const resource = table.resource(i);
    if (!kept.has(resource) && kept.size < options.resourcesPerClass) kept.add(resource);
    return kept.has(resource);
  });
  // How many resources per class, by the counting rule (as the agents list and the overview count).
  const rule = getReachCounts(index, agent.id, PHASE_ACCESS);
  for (const cls of options.classes) if (rule.resources[cls] > 0) resources[cls] = rule.resources[cls];
  const counts = { actions: rule.actions, resources: rule.resources, atRisk: rule.atRisk };
  return { agent, rows: await resolveRankedRows(db, index, table, chosen, ranked.nodes), resources, counts };
}

// ── Ranking table rows on ids ──────────────────────────────────────────────────────

/** Candidate rows in exact reach order (compareReachRows), with the nodes loaded to name them. */
async function rankTableRows(db: Queryable, index: ReachIndex, table: ReachTable, rows: number[]): Promise<{ rows: number[]; nodes: Map<number, ReachNode> }> {
  const nodes = await loadReachNodes(
    db,
    rows.flatMap((i) => (table.via(i) >= 0 ? [table.resource(i), table.via(i)] : [table.resource(i)])),
  );
  const nameOf = (id: number) => nodes.get(id)?.name ?? `#${id}`;
  const keyed = rows.map((i) => ({
    i,
    class: ACTION_CLASSES[table.classCode(i) - 1],
    holds: table.holds(i),
    action: index.actions[table.action(i)] ?? "",
    resourceName: nameOf(table.resource(i)),
    viaName: table.via(i) >= 0 ? nameOf(table.via(i)) : "",
  }));
  return { rows: keyed.sort(compareReachRows).map((k) => k.i), nodes };
}

/** Rows already in reach order, with their paths and every node on them named. */
async function resolveRankedRows(db: Queryable, index: ReachIndex, table: ReachTable, rows: number[], known: Map<number, ReachNode>): Promise<ReachRow[]> {
  return resolveReachRows(db, rows.map((i) => rawRowAt(table, i)), known);
}

// ── Resolving ids to nodes ─────────────────────────────────────────────────────────

export async function loadReachNodes(db: Queryable, ids: Iterable<number>): Promise<Map<number, ReachNode>> {
  const list = [...new Set(ids)];
  const found = new Map<number, ReachNode>();
  if (list.length === 0) return found;
  const rows = await queryRows<{ id: number; kind: number; key: string; name: string }>(
    db,
    sql`select id, kind, key, name from nodes where id = any(${sql.param(list)}::int[])`,
  );
  for (const r of rows) found.set(Number(r.id), { id: Number(r.id), kind: nodeKindFromCode(Number(r.kind)), key: r.key, name: r.name });
  return found;
}

/** Raw rows (ids) → rows with nodes, in the deterministic reach order. `known` nodes are not loaded again. */
export async function resolveReachRows(db: Queryable, raw: RawReachRow[], known: Map<number, ReachNode> = new Map()): Promise<ReachRow[]> {
  const ids = new Set<number>();
  const want = (id: number) => {
    if (!known.has(id)) ids.add(id);
  };
  for (const row of raw) {
    want(row.resource);
    if (row.via !== null) want(row.via);
    for (const id of row.path.nodes) want(id);
  }
  const nodes = new Map([...known, ...(await loadReachNodes(db, ids))]);
  const node = (id: number): ReachNode => nodes.get(id) ?? { id, kind: "resource", key: `#${id}`, name: `#${id}` };
  return raw
    .map((row) => {
      const viaResource = row.via === null ? null : node(row.via);
      const storedIn = row.path.edges.at(-1)?.kind === "stored_in";
      return {
        action: row.action,
        class: row.class,
        resource: node(row.resource),
        assumed: row.assumed,
        conditional: row.conditional,
        holds: row.holds,
        via: viaResource ? `${storedIn ? "stored in" : "contained in"} ${viaResource.name}` : null,
        viaResource,
        path: { nodes: row.path.nodes.map(node), edges: row.path.edges },
        resourceName: node(row.resource).name,
        viaName: viaResource?.name ?? "",
      };
    })
    .sort(compareReachRows)
    .map(({ resourceName: _r, viaName: _v, ...row }) => row);
}
