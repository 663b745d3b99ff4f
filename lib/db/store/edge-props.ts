/**
 * How an edge's props are stored. A `can` edge's action lives in the `action` column (part of its natural
 * key) and its class in `flags` (bits 0-2, as packEdgeFlags packs them), so its stored props leave both
 * out: most grants carry nothing else, and parsing the two keys into jsonb was half the server's work
 * when a million edges were loaded. Readers that show props put them back with `restoreEdgeProps`.
 */
import { edgeClass } from "@/lib/graph/reach/reach-index";
import type { EdgeKind } from "@/lib/graph/types";

/** The JSON stored in `edges.props` for an edge of `kind` with these props. */
export function storedEdgeProps(kind: EdgeKind, props: Record<string, unknown>): string {
  if (kind !== "can") return JSON.stringify(props);
  let others = 0;
  for (const key in props) if (key !== "action" && key !== "class") others++;
  if (others === 0) return "{}";
  const { action: _action, class: _class, ...rest } = props;
  return JSON.stringify(rest);
}

/** The props a batch gave the edge, from its stored row. */
export function restoreEdgeProps(kind: EdgeKind, row: { action: string; flags: number; props: Record<string, unknown> | null }): Record<string, unknown> {
  const props = row.props ?? {};
  if (kind !== "can") return props;
  return { ...props, action: row.action, class: edgeClass(row.flags) };
}
