import { kindIconId } from "@/components/graph/kind-icons";
import { KIND_STYLE } from "@/components/graph/node-style";
import type { LayoutPath } from "@/lib/graph/layout";
import { edgeLabel } from "@/lib/graph/layout";

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
            <KindChip kind={node.kind} name={node.name} />
          </li>
        );
      })}
    </ol>
  );
}

export function KindChip({ kind, name }: { kind: LayoutPath["nodes"][number]["kind"]; name: string }) {
  const style = KIND_STYLE[kind];
  return (
    <span className="chip" title={style.label}>
      <span className="chip-icon" style={{ background: style.colour }} aria-hidden="true">
        <svg width="14" height="14">
          <use href={`#${kindIconId(kind)}`} />
        </svg>
      </span>
      <span className="sr-only">{style.label}: </span>
      {name}
    </span>
  );
}
