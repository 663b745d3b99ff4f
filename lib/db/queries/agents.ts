/**
 * What the agent pages read: agents with their reach counts and open findings, and one agent's facts.
 * Reach itself comes from lib/db/queries/reach.ts (the in-memory index).
 */
import { sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { listAgentsWithReachCounts, type AgentReachCounts } from "@/lib/db/queries/reach";
import { queryRows } from "@/lib/db/rows";
import { nodeKindCode } from "@/lib/graph/kind-codes";

export interface AgentSummary extends AgentReachCounts {
  approvalMode: string | null;
  unrestrictedShell: boolean;
  workspaceRoot: string | null;
  openFindings: number;
}

/** The most agents one page shows, whatever it asks for. */
export const MAX_AGENTS_PAGE_SIZE = 200;

export interface AgentPage {
  rows: AgentSummary[];
  /** Every agent, on all pages. */
  total: number;
  page: number;
  pageSize: number;
}

/**
 * One page of agents, worst first: most primary-data resources it can destroy, then recovery resources,
 * then the actions reaching them, then name. Ranking
 * needs every agent's reach counts (from the in-memory index), but props and findings are read for the
 * page's agents only, and at most MAX_AGENTS_PAGE_SIZE rows come back: a page of an estate with a
 * hundred thousand agents once rendered 63 MB of HTML.
 */
export async function listAgentSummaries(db: Db, options: { page?: number; pageSize?: number } = {}): Promise<AgentPage> {
  const pageSize = Math.max(1, Math.min(MAX_AGENTS_PAGE_SIZE, Math.floor(options.pageSize ?? 50)));
  const counts = (await listAgentsWithReachCounts(db)).sort(
    (a, b) => b.counts.resources.D1 - a.counts.resources.D1 || b.counts.resources.D2 - a.counts.resources.D2 || b.d1 - a.d1 || b.d2 - a.d2 || a.name.localeCompare(b.name),
  );
  const pages = Math.max(1, Math.ceil(counts.length / pageSize));
  const page = Math.max(1, Math.min(pages, Math.floor(options.page ?? 1)));
  const slice = counts.slice((page - 1) * pageSize, page * pageSize);
  if (slice.length === 0) return { rows: [], total: counts.length, page, pageSize };
  const ids = slice.map((a) => a.id);
  const keys = slice.map((a) => a.key);
  const [facts, findingCounts] = await Promise.all([
    queryRows<{ id: number; props: Record<string, unknown> }>(db, sql`select id, props from nodes where id in (${sql.join(ids.map((id) => sql`${id}`), sql`, `)})`),
    queryRows<{ key: string; count: number }>(db, sql`
      select k as key, count(*)::int as count from findings, unnest(agent_keys) as k
      where (status = 'open' or (status = 'accepted' and accepted_expires_at < now())) and k in (${sql.join(keys.map((k) => sql`${k}`), sql`, `)})
      group by k
    `),
  ]);
  const propsById = new Map(facts.map((f) => [Number(f.id), f.props ?? {}]));
  const findingsByKey = new Map(findingCounts.map((f) => [f.key, Number(f.count)]));
  const rows = slice.map((agent) => {
    const props = propsById.get(agent.id) ?? {};
    return {
      ...agent,
      approvalMode: typeof props.approvalMode === "string" ? props.approvalMode : null,
      unrestrictedShell: props.unrestrictedShell === true,
      workspaceRoot: typeof props.workspaceRoot === "string" ? props.workspaceRoot : null,
      openFindings: findingsByKey.get(agent.key) ?? 0,
    };
  });
  return { rows, total: counts.length, page, pageSize };
}

/**
 * An agent's name and props (config files, approval mode, rules…); null when no agent has this id. One
 * row by primary key: cheap enough for a page to answer 404 before it starts computing reach.
 */
export async function getAgentNode(db: Db, id: number): Promise<{ id: number; kind: "agent"; key: string; name: string; props: Record<string, unknown> } | null> {
  const [row] = await queryRows<{ key: string; name: string; props: Record<string, unknown> }>(db, sql`select key, name, props from nodes where id = ${id} and kind = ${nodeKindCode("agent")}`);
  return row ? { id, kind: "agent", key: row.key, name: row.name, props: row.props ?? {} } : null;
}
