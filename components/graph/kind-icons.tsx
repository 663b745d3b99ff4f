import { KIND_STYLE } from "@/components/graph/node-style";

/**
 * Every node kind's icon once per page, as SVG symbols: chips point at them with <use> instead of
 * carrying their own copy, which on an agent page of a thousand chips was a third of the HTML.
 */
export function KindIconSprite() {
  const symbols = Object.entries(KIND_STYLE)
    .map(([kind, style]) => `<symbol id="${kindIconId(kind)}" viewBox="0 0 24 24">${style.icon}</symbol>`)
    .join("");
  return <svg width="0" height="0" style={{ position: "absolute" }} aria-hidden="true" dangerouslySetInnerHTML={{ __html: symbols }} />;
}

export function kindIconId(kind: string): string {
  return `kind-icon-${kind}`;
}
