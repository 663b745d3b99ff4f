/** What the shapes, colours and lines mean: the kinds present in the drawing, the action classes, the line styles. */
import { CLASS_COLOUR, CLASS_MEANING, KIND_STYLE } from "@/components/graph/node-style";
import { KindChip } from "@/components/graph/path-text";
import { ACTION_CLASSES, type NodeKind } from "@/lib/graph/types";

export function GraphLegend({ kinds }: { kinds: NodeKind[] }) {
  return (
    <details className="legend panel" open>
      <summary>Legend</summary>
      <div className="legend-body">
        <ul className="plain legend-kinds" aria-label="Node kinds">
          {kinds.map((k) => (
            <li key={k}><KindChip kind={k} name={KIND_STYLE[k].label} /></li>
          ))}
        </ul>
        <ul className="plain legend-classes" aria-label="Action classes">
          {ACTION_CLASSES.map((c) => (
            <li key={c} title={CLASS_MEANING[c]}>
              <span className="legend-line" style={{ borderTopColor: CLASS_COLOUR[c] }} aria-hidden="true" /> <strong>{c}</strong> <span className="muted">{CLASS_MEANING[c]}</span>
            </li>
          ))}
        </ul>
        <ul className="plain legend-classes" aria-label="Line styles">
          <li><span className="legend-line thick" aria-hidden="true" /> several actions between two nodes, drawn as one</li>
          <li><span className="legend-line dashed" aria-hidden="true" /> assumed from the token&apos;s kind (worst case)</li>
          <li><span className="legend-line dotted" aria-hidden="true" /> conditional</li>
        </ul>
      </div>
    </details>
  );
}
