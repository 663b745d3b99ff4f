"use client";

/**
 * The one component that imports Cytoscape. It draws a CanvasGraph whose positions were computed on the
 * server (preset layout); the layered layout is computed here from the drawing's edges, without a layout
 * pass (lib/graph/layout.ts); cose is offered for small neighbourhoods only, because a force layout in the
 * browser costs seconds on large graphs.
 */
import type { Core, ElementDefinition, StylesheetJson } from "cytoscape";
import { useEffect, useRef } from "react";
import { bundleParallelEdges } from "@/components/graph/edge-bundles";
import { CLASS_COLOUR, KIND_STYLE, kindIconDataUri } from "@/components/graph/node-style";
import { layoutLayered, type CanvasGraph } from "@/lib/graph/layout";
import type { NodeKind } from "@/lib/graph/types";

/** preset: the server's kind columns; layered: columns by hops from the selected node (or the agents); cose: force. */
export type CanvasLayout = "preset" | "layered" | "cose";

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
/** Drawings that would fit only below this zoom open at it instead (labels readable), panned to a start. */
const MIN_START_ZOOM = 0.35;
/** Edge labels show from this zoom on (and on hover, and along a selected node's paths). */
const EDGE_LABEL_ZOOM = 0.95;
/** Node labels keep this size on screen when zoomed out (model font size = this / zoom)… */
const NODE_LABEL_PX = 11;
const MAX_NODE_FONT = 30;
/** …and are shortened in the middle to fit their column (ends kept: the tail often tells two apart). */
const LABEL_WIDTH = 190;
/** Collected names are drawn as canvas text (never HTML), and bounded. */
const MAX_NODE_LABEL = 60;

function toElements(graph: CanvasGraph): ElementDefinition[] {
  return [
    ...graph.nodes.map((node) => {
      const label = node.aggregate ? `+${node.aggregate.count} ${KIND_STYLE[node.kind].plural}` : node.label;
      return {
        group: "nodes" as const,
        data: { id: node.id, label: label.length > MAX_NODE_LABEL ? `${label.slice(0, MAX_NODE_LABEL - 1)}…` : label, shown: label, kind: node.kind },
        position: { x: node.x, y: node.y },
        classes: node.aggregate ? "aggregate" : undefined,
      };
    }),
    ...bundleParallelEdges(graph.edges).map((edge) => ({
      group: "edges" as const,
      data: { id: edge.id, source: edge.source, target: edge.target, label: edge.label, colour: edge.class ? CLASS_COLOUR[edge.class] : "#94a3b8", count: edge.count },
      classes: [
        edge.class && edge.class !== "W" && edge.class !== "R" ? "destructive" : "",
        edge.assumed ? "assumed" : "",
        edge.conditional ? "conditional" : "",
        edge.count > 1 ? "bundle" : "",
      ]
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
        label: "data(shown)",
        "font-size": 11,
        color: "#111827",
        "text-valign": "bottom",
        "text-margin-y": 5,
        // Two lines at most (shortened to fit, see scaleLabels): rows are ~3 lines apart at any zoom.
        "text-wrap": "wrap",
        "text-max-width": `${LABEL_WIDTH}px`,
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
    { selector: "node:selected", style: { "border-color": "#f97316", "border-width": 5, "font-weight": "bold" } },
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
        // Hidden until zoomed in, hovered, or on the selected node's paths: dozens of labels at fit are noise.
        "text-opacity": 0,
        color: "#374151",
        "text-rotation": "autorotate",
        "text-background-color": "#ffffff",
        "text-background-opacity": 0.9,
        "text-background-padding": "2px",
      },
    },
    { selector: "edge.destructive", style: { width: 3, color: "data(colour)", "font-weight": "bold" } },
    { selector: "edge.bundle", style: { width: 4.5 } },
    { selector: "edge.assumed", style: { "line-style": "dashed" } },
    { selector: "edge.conditional", style: { "line-style": "dotted" } },
    { selector: "edge.labelled, edge.hovered, edge.on-path", style: { "text-opacity": 1 } },
    { selector: "edge.hovered", style: { "z-index": 20 } },
    { selector: ".faded", style: { opacity: 0.15 } },
    { selector: "edge.on-path", style: { "z-index": 10 } },
    // Hovered or selected: the whole name, wrapped, above the rest.
    { selector: "node.hovered, node:selected", style: { label: "data(label)", "text-wrap": "wrap", "text-max-width": "260px", "z-index": 30, "text-background-opacity": 1 } },
    { selector: "node.hovered", style: { "border-color": "#94a3b8", "border-width": 4 } },
  ] as StylesheetJson;
}

export default function GraphCanvas({ graph, label, height = 320, layout = "preset", selectedId, onSelect, onExpand, apiRef }: GraphCanvasProps) {
  const container = useRef<HTMLDivElement>(null);
  const cyRef = useRef<Core | null>(null);
  const handlers = useRef({ onSelect, onExpand });
  const selectedRef = useRef(selectedId ?? null);
  useEffect(() => {
    handlers.current = { onSelect, onExpand };
    selectedRef.current = selectedId ?? null;
  }, [onSelect, onExpand, selectedId]);

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
      cy.on("mouseover", "edge, node", (event) => event.target.addClass("hovered"));
      cy.on("mouseout", "edge, node", (event) => event.target.removeClass("hovered"));
      let frame = 0;
      cy.on("zoom", () => {
        cancelAnimationFrame(frame);
        frame = requestAnimationFrame(() => cy && scaleLabels(cy));
      });
      cyRef.current = cy;
      if (apiRef) apiRef.current = { png: () => cy!.png({ full: true, bg: "#ffffff", scale: 2 }), fit: () => cy!.fit(undefined, 24) };
      draw(cy, graph, layout, selectedRef.current);
      highlight(cy, selectedRef.current);
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
    if (cyRef.current) draw(cyRef.current, graph, layout, selectedRef.current);
    // A new layout re-roots at the selected node; selecting alone does not move anything.
  }, [graph, layout]);

  useEffect(() => {
    const cy = cyRef.current;
    if (!cy) return;
    cy.nodes(":selected").unselect();
    if (selectedId) cy.getElementById(selectedId).select();
    highlight(cy, selectedId ?? null);
  }, [selectedId, graph, layout]);

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

function draw(cy: Core, graph: CanvasGraph, layout: CanvasLayout, selected: string | null): void {
  cy.batch(() => {
    cy.elements().remove();
    cy.add(toElements(graph));
  });
  const size = graph.nodes.length + graph.edges.length;
  if (layout === "cose" && size <= MAX_COSE_ELEMENTS) cy.layout({ name: "cose", animate: false, fit: true, padding: 24 }).run();
  else if (layout === "layered") {
    // Rooted at the selected node when there is one, else at the agents: each column one hop further
    // (lib/graph/layout.ts: a copy stored in a resource sits after it, what leads to the root before it).
    const laid = new Map(layoutLayered(graph, selected ? [selected] : []).nodes.map((n) => [n.id, { x: n.x, y: n.y }]));
    cy.nodes().positions((node) => laid.get(node.id()) ?? node.position());
    cy.fit(undefined, 24);
  } else cy.fit(undefined, 24);
  if (cy.zoom() > 1.2) {
    cy.zoom(1.2);
    cy.center();
  }
  if (cy.zoom() < MIN_START_ZOOM) {
    // A large drawing at fit is dots: start readable, at the selected node (or the first agent), with
    // the rest a pan or the Fit button away.
    const anchor = selected ? cy.getElementById(selected) : cy.collection();
    const start = anchor.nonempty() ? anchor : cy.nodes('[kind = "agent"]').first();
    cy.zoom(MIN_START_ZOOM);
    if (start.nonempty()) {
      const at = start.position();
      cy.pan({ x: 60 - at.x * MIN_START_ZOOM, y: cy.height() / 2 - at.y * MIN_START_ZOOM });
    }
  }
  scaleLabels(cy);
}

/** Node labels stay readable when zoomed out; edge labels appear once zoomed in far enough to read. */
function scaleLabels(cy: Core): void {
  const zoom = cy.zoom();
  const font = Math.min(MAX_NODE_FONT, Math.max(NODE_LABEL_PX, NODE_LABEL_PX / zoom));
  // ~0.58 em per character of the UI font; at least a few characters so a label never vanishes.
  const fits = 2 * Math.max(8, Math.floor(LABEL_WIDTH / (0.62 * font)));
  cy.batch(() => {
    cy.nodes().style({ "font-size": font, "text-max-width": `${LABEL_WIDTH}px` });
    cy.nodes().forEach((node) => {
      node.data("shown", shorten(String(node.data("label")), fits));
    });
    if (zoom >= EDGE_LABEL_ZOOM) cy.edges().addClass("labelled");
    else cy.edges().removeClass("labelled");
  });
}

/** A selected node's paths stand out: everything it reaches and everything that reaches it; the rest dims. */
function highlight(cy: Core, selected: string | null): void {
  cy.batch(() => {
    cy.elements().removeClass("faded on-path");
    if (!selected) return;
    const node = cy.getElementById(selected);
    if (node.empty()) return;
    const reached = node.union(node.predecessors()).union(node.successors());
    // The recovery copies of what is on the paths: whether they survive is half the story.
    const paths = reached.union(reached.nodes('[kind = "resource"]').connectedEdges().filter((e) => e.connectedNodes('[kind = "recovery_copy"]').nonempty()).connectedNodes()).union(
      reached.nodes('[kind = "resource"]').connectedEdges().filter((e) => e.connectedNodes('[kind = "recovery_copy"]').nonempty()),
    );
    cy.elements().not(paths).addClass("faded");
    paths.edges().addClass("on-path");
  });
}

/** "every Railway volume this token can see (fa4e…cafe)" → "every Railw…(fa4e…cafe)": both ends kept. */
export function shorten(label: string, max: number): string {
  if (label.length <= max) return label;
  const tail = Math.floor((max - 1) * 0.45);
  return `${label.slice(0, max - 1 - tail)}…${label.slice(label.length - tail)}`;
}
