/**
 * Labels that tell nodes apart: when several nodes in one drawing share a name (two tokens' "every
 * Railway volume…", two databases' "public"), each gets what distinguishes it: a resource its container,
 * a credential its redacted preview, anything else its natural key's tail.
 */
import { sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { queryRows } from "@/lib/db/rows";
import { edgeKindCode, nodeKindCode } from "@/lib/graph/kind-codes";
import type { CanvasGraph } from "@/lib/graph/layout";

const MAX_HINT = 40;

export async function distinguishLabels<G extends CanvasGraph>(db: Db, input: G): Promise<G> {
  const graph = { ...input, nodes: input.nodes.map((n) => ({ ...n, label: compactLabel(n.label) })) };
  const byLabel = new Map<string, number[]>();
  for (const node of graph.nodes) {
    if (node.aggregate || node.nodeId === undefined) continue;
    const ids = byLabel.get(node.label);
    if (ids) ids.push(node.nodeId);
    else byLabel.set(node.label, [node.nodeId]);
  }
  const ambiguous = [...byLabel.values()].filter((ids) => ids.length > 1).flat();
  if (ambiguous.length === 0) return graph;
  const rows = await queryRows<{ id: number; kind: number; key: string; preview: string | null; parent: string | null }>(db, sql`
    select n.id, n.kind, n.key, n.props->>'preview' as preview,
      (select p.name from edges e join nodes p on p.id = e.src
        where e.dst = n.id and e.kind = ${edgeKindCode("contains")} and p.kind = ${nodeKindCode("resource")} order by p.name limit 1) as parent
    from nodes n where n.id = any(${sql.param(ambiguous)}::int[])
  `);
  const hint = new Map<number, string>();
  for (const r of rows) {
    const text = r.parent ? `in ${r.parent}` : r.preview ? r.preview : r.key.split(/[/:]/).filter(Boolean).at(-1) ?? r.key;
    hint.set(Number(r.id), text.length > MAX_HINT ? `${text.slice(0, MAX_HINT - 1)}…` : text);
  }
  return {
    ...graph,
    nodes: graph.nodes.map((n) => {
      const extra = n.nodeId === undefined ? undefined : hint.get(n.nodeId);
      return extra && !n.label.includes(extra) ? { ...n, label: `${n.label} · ${extra}` } : n;
    }),
  };
}

/**
 * "every Railway volume this token can see (fa4e…cafe)" → "Railway volume (fa4e…cafe)": the catalogue's
 * names for what a token's kind implies say the same words around what differs; a drawing keeps what differs.
 */
export function compactLabel(label: string): string {
  return label.replace(/^every (.+?) this token can see/, "$1").replace(/^the (.+?) this token belongs to/, "$1");
}
