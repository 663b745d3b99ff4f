/**
 * The agent page's reach, grouped: one function for the page and for the route that sends a row's paths
 * when it is opened (app/(app)/agents/[id]/paths), so both read the same cached answer and agree on it.
 */
import { groupReachOnce, RESOURCES_PER_CLASS, type ClassGroup } from "@/components/agents/reach-groups";
import { getAgentReachByClass, type AgentReachByClass, type ReachNode } from "@/lib/db/queries/reach";
import type { Db } from "@/lib/db/client";
import { DESTRUCTIVE_CLASSES, type ActionClass } from "@/lib/graph/types";

/** Which rows a page shows: every destructive class's first page, or one class's page N (?class=D1&page=2). */
export interface ReachPageScope {
  only: ActionClass | null;
  page: number;
}

export function parseReachPageScope(query: Record<string, string | string[] | undefined>): ReachPageScope {
  const only = DESTRUCTIVE_CLASSES.find((c) => c === query.class) ?? null;
  const page = only && typeof query.page === "string" && /^\d{1,4}$/.test(query.page) ? Math.max(1, Number(query.page)) : 1;
  return { only, page };
}

export interface AgentReachPage {
  reach: AgentReachByClass;
  groups: ClassGroup[];
  /** Resources of the class on earlier pages (counted, not listed). */
  skipped: number;
}

export async function loadAgentReachPage(db: Db, agent: ReachNode | number, scope: ReachPageScope): Promise<AgentReachPage> {
  const classes = scope.only ? [scope.only] : DESTRUCTIVE_CLASSES;
  // Destructive rows only, and only those of the resources listed: the rest are counted, not resolved.
  // A class page ranks the resources up to its own: the rows of earlier pages are counted, not drawn.
  const reach = await getAgentReachByClass(db, agent, { classes, resourcesPerClass: RESOURCES_PER_CLASS * scope.page });
  const skipped = scope.only ? RESOURCES_PER_CLASS * (scope.page - 1) : 0;
  const groups = groupReachOnce(reach.rows, { classes, skipResources: skipped, resourceCounts: reach.resources });
  return { reach, groups, skipped };
}

/** Where the browser asks for one row's paths and drawing when the row is opened. */
export function rowPathsHref(agentId: number, scope: ReachPageScope, cls: ActionClass, resourceId: number): string {
  const query = new URLSearchParams({ class: cls, resource: String(resourceId) });
  if (scope.only) query.set("page", String(scope.page));
  else query.set("scope", "all");
  return `/agents/${agentId}/paths?${query}`;
}
