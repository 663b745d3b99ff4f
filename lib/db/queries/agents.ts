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

/** Every agent, worst first: most primary data it can destroy, then recovery, then name. */
export async function listAgentSummaries(db: Db): Promise<AgentSummary[]> {
  const [counts, facts, findingCounts] = await Promise.all([
    listAgentsWithReachCounts(db),
    queryRows<{ id: number; props: Record<string, unknown> }>(db, sql`select id, props from nodes where kind = ${nodeKindCode("agent")}`),
    queryRows<{ key: string; count: number }>(db, sql`
      select k as key, count(*)::int as count from findings, unnest(agent_keys) as k
      where status = 'open' or (status = 'accepted' and accepted_expires_at < now())
      group by k
    `),
  ]);
  const propsById = new Map(facts.map((f) => [Number(f.id), f.props ?? {}]));
  const findingsByKey = new Map(findingCounts.map((f) => [f.key, Number(f.count)]));
  return counts
    .map((agent) => {
      const props = propsById.get(agent.id) ?? {};
      return {
        ...agent,
        approvalMode: typeof props.approvalMode === "string" ? props.approvalMode : null,
        unrestrictedShell: props.unrestrictedShell === true,
        workspaceRoot: typeof props.workspaceRoot === "string" ? props.workspaceRoot : null,
        openFindings: findingsByKey.get(agent.key) ?? 0,
      };
    })
    .sort((a, b) => b.d1 - a.d1 || b.d2 - a.d2 || a.name.localeCompare(b.name));
}

/** An agent node's props (config files, approval mode, rules…); null when no agent has this id. */
export async function getAgentProps(db: Db, id: number): Promise<Record<string, unknown> | null> {
  const [row] = await queryRows<{ props: Record<string, unknown> }>(db, sql`select props from nodes where id = ${id} and kind = ${nodeKindCode("agent")}`);
  return row ? (row.props ?? {}) : null;
}
