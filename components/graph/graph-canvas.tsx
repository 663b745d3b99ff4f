"use client";

/**
 * The one component that imports Cytoscape. It draws a CanvasGraph whose positions were computed on the
 * server (preset layout); breadthfirst and cose are offered for small neighbourhoods only, because a
 * layout pass in the browser costs seconds on large graphs.
 */
import type { Core, ElementDefinition, StylesheetJson } from "cytoscape";
import { useEffect, useRef } from "react";
import { CLASS_COLOUR, KIND_STYLE, kindIconDataUri } from "@/components/graph/node-style";
import type { CanvasGraph } from "@/lib/graph/layout";
import type { NodeKind } from "@/lib/graph/types";

export type CanvasLayout = "preset" | "breadthfirst" | "cose";

export interface CanvasApi {
  png(): string;
  fit(): void;
}

export interface GraphCanvasProps {
  graph: CanvasGraph;
  /** Accessible name of the drawing; the same facts are always also given as text beside it. */
  label: string;
  height?: number | string;
  layout?: CanvasLayout;
  selectedId?: string | null;
  onSelect?: (id: string | null) => void;
  /** Double-click (or double-tap) on a node. */
  onExpand?: (id: string) => void;
  apiRef?: { current: CanvasApi | null };
}

/** cose is only sane on small neighbourhoods; past this it falls back to the server's positions. */
const MAX_COSE_ELEMENTS = 300;

function toElements(graph: CanvasGraph): ElementDefinition[] {
  return [
    ...graph.nodes.map((node) => ({
      group: "nodes" as const,
      data: { id: node.id, label: node.aggregate ? `+${node.aggregate.count} ${KIND_STYLE[node.kind].plural}` : node.label, kind: node.kind },
      position: { x: node.x, y: node.y },
      classes: node.aggregate ? "aggregate" : undefined,
    })),
    ...graph.edges.map((edge) => ({
      group: "edges" as const,
      data: { id: edge.id, source: edge.source, target: edge.target, label: edge.label, colour: edge.class ? CLASS_COLOUR[edge.class] : "#94a3b8" },
      classes: [edge.class && edge.class !== "W" && edge.class !== "R" ? "destructive" : "", edge.assumed ? "assumed" : "", edge.conditional ? "conditional" : ""]
        .filter(Boolean)
        .join(" "),
    })),
  ];
}

function stylesheet(): StylesheetJson {
  return [
    {
      selector: "node",
      style: {
        width: 38,
        height: 38,
        label: "data(label)",
        "font-size": 11,
        color: "#111827",
        "text-valign": "bottom",
        "text-margin-y": 5,
        "text-wrap": "ellipsis",
        "text-max-width": "170px",
        "text-background-color": "#ffffff",
        "text-background-opacity": 0.85,
        "text-background-padding": "2px",
        "background-fit": "none",
        "background-width": "22px",
        "background-height": "22px",
        "border-width": 2,
        "border-color": "#ffffff",
      },
    },
    ...(Object.keys(KIND_STYLE) as NodeKind[]).map((kind) => ({
      selector: `node[kind = "${kind}"]`,
      style: { "background-color": KIND_STYLE[kind].colour, shape: KIND_STYLE[kind].shape, "background-image": kindIconDataUri(kind) },
    })),
    { selector: "node.aggregate", style: { "border-style": "dashed", "border-color": "#111827", "background-opacity": 0.55, "font-weight": "bold" } },
    { selector: "node:selected", style: { "border-color": "#f97316", "border-width": 4 } },
    {
      selector: "edge",
      style: {
        width: 1.6,
        "curve-style": "bezier",
        "line-color": "data(colour)",
        "target-arrow-color": "data(colour)",
        "target-arrow-shape": "triangle",
        "arrow-scale": 0.9,
        label: "data(label)",
        "font-size": 10,
        color: "#374151",
        "text-rotation": "autorotate",
        "text-background-color": "#ffffff",
        "text-background-opacity": 0.9,
        "text-background-padding": "2px",
      },
    },
    { selector: "edge.destructive", style: { width: 3, color: "data(colour)", "font-weight": "bold" } },
    { selector: "edge.assumed", style: { "line-style": "dashed" } },
    { selector: "edge.conditional", style: { "line-style": "dotted" } },
  ] as StylesheetJson;
}

export default function GraphCanvas({ graph, label, height = 320, layout = "preset", selectedId, onSelect, onExpand, apiRef }: GraphCanvasProps) {
  const container = useRef<HTMLDivElement>(null);
  const cyRef = useRef<Core | null>(null);
  const handlers = useRef({ onSelect, onExpand });
  useEffect(() => {
    handlers.current = { onSelect, onExpand };
  }, [onSelect, onExpand]);

  // Create once; elements are replaced when the graph changes.
  useEffect(() => {
    let cancelled = false;
    let cy: Core | null = null;
    void import("cytoscape").then(({ default: cytoscape }) => {
      if (cancelled || !container.current) return;
      cy = cytoscape({
        container: container.current,
        style: stylesheet(),
        layout: { name: "preset" },
        minZoom: 0.1,
        maxZoom: 3,
        wheelSensitivity: 0.3,
        boxSelectionEnabled: false,
        selectionType: "single",
      });
      cy.on("tap", "node", (event) => handlers.current.onSelect?.(event.target.id()));
      cy.on("tap", (event) => {
        if (event.target === cy) handlers.current.onSelect?.(null);
      });
      cy.on("dbltap", "node", (event) => handlers.current.onExpand?.(event.target.id()));
      cyRef.current = cy;
      if (apiRef) apiRef.current = { png: () => cy!.png({ full: true, bg: "#ffffff", scale: 2 }), fit: () => cy!.fit(undefined, 24) };
      draw(cy, graph, layout);
    });
    return () => {
      cancelled = true;
      cy?.destroy();
      cyRef.current = null;
      if (apiRef) apiRef.current = null;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- created once; the next effect redraws
  }, []);

  useEffect(() => {
    if (cyRef.current) draw(cyRef.current, graph, layout);
  }, [graph, layout]);

  useEffect(() => {
    const cy = cyRef.current;
    if (!cy) return;
    cy.nodes(":selected").unselect();
    if (selectedId) cy.getElementById(selectedId).select();
  }, [selectedId, graph]);

  return (
    <div
      ref={container}
      className="graph-canvas"
      role="img"
      aria-label={label}
      data-elements={graph.nodes.length + graph.edges.length}
      style={{ height }}
    />
  );
}

function draw(cy: Core, graph: CanvasGraph, layout: CanvasLayout): void {
  cy.batch(() => {
    cy.elements().remove();
    cy.add(toElements(graph));
  });
  const size = graph.nodes.length + graph.edges.length;
  if (layout === "cose" && size <= MAX_COSE_ELEMENTS) cy.layout({ name: "cose", animate: false, fit: true, padding: 24 }).run();
  else if (layout === "breadthfirst") cy.layout({ name: "breadthfirst", directed: true, animate: false, fit: true, padding: 24, spacingFactor: 1.1 }).run();
  else cy.fit(undefined, 24);
  if (cy.zoom() > 1.2) {
    cy.zoom(1.2);
    cy.center();
  }
}
