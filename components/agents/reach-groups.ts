/**
 * Reach rows (from getAgentReachByClass) grouped for the agent page: by class, worst first, then by
 * resource, each group with its merged drawing laid out on the server.
 */
import type { ReachRow } from "@/lib/db/queries/reach";
import { layoutPaths, type CanvasGraph, type LayoutPath } from "@/lib/graph/layout";
import { ACTION_CLASSES, DESTRUCTIVE_CLASSES, type ActionClass } from "@/lib/graph/types";

export interface ResourceGroup {
  resource: ReachRow["resource"];
  actions: string[];
  assumed: boolean;
  conditional: boolean;
  holds: number;
  via: string | null;
  /** Credentials on the paths: two tokens often see resources with the same name. */
  credentials: string[];
  paths: LayoutPath[];
  /** Paths not drawn (a resource reachable through many credentials or actions). */
  morePaths: number;
  graph: CanvasGraph;
}

/** On big estates one resource can be reached by thousands of (action, path) rows: draw the first few. */
const MAX_PATHS_PER_RESOURCE = 6;

export interface ClassGroup {
  class: ActionClass;
  resources: ResourceGroup[];
  /** Resources left out of the page (the list is bounded; the graph explorer shows the rest). */
  hidden: number;
}

/**
 * A reach row as a drawable path. Workspace folders between the agent and the file are folded into one
 * "can read" hop, so the drawing reads agent → file → credential → identity → resource.
 */
export function reachRowToPath(row: ReachRow): LayoutPath {
  const nodes: LayoutPath["nodes"] = [];
  const edges: LayoutPath["edges"] = [];
  row.path.nodes.forEach((n, i) => {
    if (n.kind === "workspace" && i > 0 && i < row.path.nodes.length - 1) return;
    if (nodes.length > 0) {
      const edge = row.path.edges[i - 1];
      const folded = row.path.nodes[i - 1]?.kind === "workspace" && i - 1 > 0;
      edges.push(folded ? { kind: "can_read" } : { kind: edge.kind, action: edge.action });
    }
    nodes.push({ id: String(n.id), kind: n.kind, name: n.name, nodeId: n.id });
  });
  return {
    nodes,
    edges,
    class: row.class,
    assumed: row.assumed,
    conditional: row.conditional,
  };
}

/**
 * Resources listed per class on the agent page, and per page of one class (?class=D1&page=2). Each row
 * carries its text paths and a drawing for the browser: at 40 per class a large agent's page took most
 * of a core to render under load (issue 15); the counts stay exact and the next page is one link away.
 */
export const RESOURCES_PER_CLASS = 10;

export function groupReach(
  rows: ReachRow[],
  options: {
    classes?: readonly ActionClass[];
    maxResourcesPerClass?: number;
    /** Resources of each class to leave out first (the earlier pages of a class). */
    skipResources?: number;
    resourceCounts?: Partial<Record<ActionClass, number>>;
  } = {},
): ClassGroup[] {
  const classes = options.classes ?? DESTRUCTIVE_CLASSES;
  const limit = options.maxResourcesPerClass ?? RESOURCES_PER_CLASS;
  const skip = options.skipResources ?? 0;
  const groups: ClassGroup[] = [];
  for (const cls of ACTION_CLASSES.filter((c) => classes.includes(c))) {
    const byResource = new Map<number, ReachRow[]>();
    for (const row of rows) {
      if (row.class !== cls) continue;
      const list = byResource.get(row.resource.id);
      if (list) list.push(row);
      else byResource.set(row.resource.id, [row]);
    }
    if (byResource.size === 0) continue;
    const all = [...byResource.values()];
    const page = all.slice(skip, skip + limit);
    groups.push({
      class: cls,
      // The rows may hold only the first resources of the class: the count says how many there are.
      hidden: Math.max(0, (options.resourceCounts?.[cls] ?? all.length) - skip - page.length),
      resources: page.map((list) => {
        // Direct actions first, so the resource sits right after the identity and a "via" path bends back to it.
        const paths = [...list]
          .sort((a, b) => Number(a.via !== null) - Number(b.via !== null) || a.path.nodes.length - b.path.nodes.length)
          .slice(0, MAX_PATHS_PER_RESOURCE)
          .map(reachRowToPath);
        return {
          resource: list[0].resource,
          actions: [...new Set(list.map((r) => r.action))],
          assumed: list.some((r) => r.assumed),
          conditional: list.some((r) => r.conditional),
          holds: Math.max(...list.map((r) => r.holds)),
          via: list[0].via,
          credentials: [...new Set(list.flatMap((r) => r.path.nodes.filter((n) => n.kind === "credential").map((n) => n.name)))],
          paths,
          morePaths: Math.max(0, list.length - paths.length),
          graph: layoutPaths(paths),
        };
      }),
    });
  }
  return groups;
}

const grouped = new WeakMap<ReachRow[], Map<string, ClassGroup[]>>();

/**
 * groupReach of rows the reach cache keeps (lib/db/queries/reach-answer-cache.ts): the same rows are
 * laid out once, not on every request for the page. The groups are shared: read them, never change them.
 */
export function groupReachOnce(rows: ReachRow[], options: Parameters<typeof groupReach>[1] = {}): ClassGroup[] {
  let byOptions = grouped.get(rows);
  if (!byOptions) grouped.set(rows, (byOptions = new Map()));
  const key = JSON.stringify([options.classes, options.maxResourcesPerClass, options.skipResources, options.resourceCounts]);
  let groups = byOptions.get(key);
  if (!groups) byOptions.set(key, (groups = groupReach(rows, options)));
  return groups;
}
