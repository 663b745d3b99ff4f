/**
 * Parallel grants drawn as one edge: an identity that may DROP, TRUNCATE and DELETE on one database gets
 * one line labelled "3 actions: DROP, TRUNCATE, DELETE" in the worst class's colour, not three piled
 * curves. Pure, so the canvas and its tests share it.
 */
import type { CanvasEdge } from "@/lib/graph/layout";
import { ACTION_CLASSES, type ActionClass } from "@/lib/graph/types";

export interface BundledEdge extends CanvasEdge {
  /** The edges folded into this one (1 when it stands alone). */
  count: number;
  /** Every action, worst class first, for the hover text. */
  actions: string[];
}

/** At most this many actions are named in a label; the rest are counted. */
const NAMED_ACTIONS = 3;
/** Labels are canvas text, but bounded all the same: actions come from collected policies. */
const MAX_LABEL = 90;

const rank = (cls: ActionClass | undefined) => (cls ? ACTION_CLASSES.indexOf(cls) : ACTION_CLASSES.length);

export function bundleParallelEdges(edges: readonly CanvasEdge[]): BundledEdge[] {
  const groups = new Map<string, CanvasEdge[]>();
  for (const edge of edges) {
    const key = `${edge.source}\u0000${edge.kind}\u0000${edge.target}`;
    const group = groups.get(key);
    if (group) group.push(edge);
    else groups.set(key, [edge]);
  }
  return [...groups.values()].map((group) => {
    if (group.length === 1) {
      const [edge] = group;
      return { ...edge, label: bound(edge.label), count: 1, actions: edge.kind === "can" ? [actionOf(edge)] : [] };
    }
    const sorted = [...group].sort((a, b) => rank(a.class) - rank(b.class));
    const worst = sorted[0];
    const actions = [...new Set(sorted.map(actionOf))];
    const named = actions.slice(0, NAMED_ACTIONS).join(", ") + (actions.length > NAMED_ACTIONS ? `, +${actions.length - NAMED_ACTIONS}` : "");
    return {
      ...worst,
      id: `bundle:${worst.source}:${worst.kind}:${worst.target}`,
      label: bound(worst.kind === "can" ? `${actions.length} actions: ${named}` : worst.label),
      // A bundle is assumed or conditional only if every grant in it is: one learned grant is enough.
      assumed: group.every((e) => e.assumed) || undefined,
      conditional: group.every((e) => e.conditional) || undefined,
      count: group.length,
      actions,
    };
  });
}

function actionOf(edge: CanvasEdge): string {
  // Labels of `can` edges read "ACTION · CLASS" (edgeLabel); the action is what comes before the class.
  return edge.label.replace(/ · (D[1-5]|W|R)$/, "");
}

function bound(text: string): string {
  return text.length > MAX_LABEL ? `${text.slice(0, MAX_LABEL - 1)}…` : text;
}
