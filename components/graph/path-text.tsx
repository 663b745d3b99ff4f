import { kindIconId } from "@/components/graph/kind-icons";
import { KIND_STYLE } from "@/components/graph/node-style";
import type { LayoutPath } from "@/lib/graph/layout";
import { boundText } from "@/lib/display/bound-text";
import { edgeLabel } from "@/lib/graph/layout";
import { nodeHref, subjectHref } from "@/lib/links";

/** A path as text, left to right: the accessible twin of every drawing (and what a screen reader reads). */
export function PathText({ path }: { path: LayoutPath }) {
  return (
    <ol className="path-text" aria-label="Path">
      {path.nodes.map((node, i) => {
        const edge = path.edges[i - 1];
        return (
          <li key={`${node.id}-${i}`}>
            {edge ? (
              <span className={`hop ${edge.kind === "can" ? `hop-can ${path.class ?? ""}` : ""}`}>
                {edgeLabel(edge.kind, edge.action, edge.kind === "can" ? path.class : undefined)} →
              </span>
            ) : null}
            <KindChip kind={node.kind} name={node.name} href={node.nodeId !== undefined ? nodeHref(node.kind, node.nodeId) : node.key ? subjectHref(node.kind, node.key) : undefined} />
          </li>
        );
      })}
    </ol>
  );
}

/** A node as a chip: its kind's colour and icon, its name as text; a link to its page when it has one. */
export function KindChip({ kind, name, href }: { kind: LayoutPath["nodes"][number]["kind"]; name: string; href?: string }) {
  const style = KIND_STYLE[kind];
  const Tag = href ? "a" : "span";
  return (
    <Tag className={href ? "chip chip-link" : "chip"} title={`${href ? `Open ${style.label.toLowerCase()}` : style.label}: ${boundText(name, 400)}`} href={href}>
      <span className="chip-icon" style={{ background: style.colour }} aria-hidden="true">
        <svg width="14" height="14">
          <use href={`#${kindIconId(kind)}`} />
        </svg>
      </span>
      <span className="sr-only">{style.label}: </span>
      <span className="chip-name">{boundText(name)}</span>
    </Tag>
  );
}
