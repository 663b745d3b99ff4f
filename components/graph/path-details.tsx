"use client";

/**
 * A keyboard-accessible <details>: the summary and the text path render on the server; the drawing is
 * mounted only when opened, so a page with hundreds of rows creates no canvas until asked.
 */
import { useState, type ReactNode } from "react";
import GraphCanvas from "@/components/graph/graph-canvas";
import type { CanvasGraph } from "@/lib/graph/layout";

export function PathDetails({ summary, graph, label, children, open: initiallyOpen = false, testId }: { summary: ReactNode; graph: CanvasGraph; label: string; children: ReactNode; open?: boolean; testId?: string }) {
  const [open, setOpen] = useState(initiallyOpen);
  const rows = Math.max(1, ...[...new Set(graph.nodes.map((n) => n.x))].map((x) => graph.nodes.filter((n) => n.x === x).length));
  const height = Math.min(420, 90 + rows * 86);
  return (
    <details className="reach-row" open={initiallyOpen} onToggle={(e) => setOpen(e.currentTarget.open)} data-testid={testId}>
      <summary>{summary}</summary>
      <div className="reach-body">
        {children}
        {open ? <GraphCanvas graph={graph} label={label} height={height} /> : null}
      </div>
    </details>
  );
}
