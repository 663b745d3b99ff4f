"use client";

/**
 * A keyboard-accessible <details> row: its summary renders on the server; its body (the text paths and
 * the drawing) either comes with the page (PathDetails: a finding's few paths) or is fetched when the
 * row is first opened (RemotePathDetails: an agent page of up to 40 rows, most never opened). Either
 * way the drawing is mounted only when opened, so a page of many rows creates no canvas until asked.
 */
import { useState, type ReactNode } from "react";
import GraphCanvas from "@/components/graph/graph-canvas";
import { PathText } from "@/components/graph/path-text";
import type { CanvasGraph, LayoutPath } from "@/lib/graph/layout";

interface RowProps {
  summary: ReactNode;
  /** Accessible name of the drawing. */
  label: string;
  testId?: string;
}

export function PathDetails({ summary, graph, label, children, open: initiallyOpen = false, testId }: RowProps & { graph: CanvasGraph; children: ReactNode; open?: boolean }) {
  const [open, setOpen] = useState(initiallyOpen);
  return (
    <details className="reach-row" open={initiallyOpen} onToggle={(e) => setOpen(e.currentTarget.open)} data-testid={testId}>
      <summary>{summary}</summary>
      <div className="reach-body">
        {children}
        {open ? <PathDrawing graph={graph} label={label} /> : null}
      </div>
    </details>
  );
}

/** What the row's route answers (app/(app)/agents/[id]/paths). */
export interface RemotePathBody {
  paths: LayoutPath[];
  /** Paths to the same resource not sent (the shortest are). */
  morePaths: number;
  graph: CanvasGraph;
}

type Load = { state: "idle" | "loading" } | { state: "failed"; message: string } | { state: "loaded"; body: RemotePathBody };

export function RemotePathDetails({ summary, label, testId, src, notes }: RowProps & { src: string; notes?: ReactNode }) {
  const [open, setOpen] = useState(false);
  const [load, setLoad] = useState<Load>({ state: "idle" });

  async function fetchBody() {
    setLoad({ state: "loading" });
    try {
      const response = await fetch(src, { headers: { accept: "application/json" } });
      const answer = (await response.json().catch(() => null)) as (RemotePathBody & { message?: string }) | null;
      if (!response.ok || !answer) throw new Error(answer?.message ?? `The server answered ${response.status}.`);
      setLoad({ state: "loaded", body: answer });
    } catch (error) {
      setLoad({ state: "failed", message: error instanceof Error ? error.message : String(error) });
    }
  }

  function toggled(nowOpen: boolean) {
    setOpen(nowOpen);
    if (nowOpen && (load.state === "idle" || load.state === "failed")) void fetchBody();
  }

  return (
    <details className="reach-row" onToggle={(e) => toggled(e.currentTarget.open)} data-testid={testId}>
      <summary>{summary}</summary>
      <div className="reach-body" aria-busy={load.state === "loading"}>
        {notes}
        {load.state === "loading" ? <p className="muted small">Loading the paths…</p> : null}
        {load.state === "failed" ? (
          <p className="error" role="alert">
            Could not load the paths: {load.message}
          </p>
        ) : null}
        {load.state === "loaded" ? (
          <>
            {load.body.paths.map((path, i) => (
              <PathText key={i} path={path} />
            ))}
            {load.body.morePaths > 0 ? <p className="muted small">And {load.body.morePaths} more paths to this resource (the shortest are shown).</p> : null}
            {open ? <PathDrawing graph={load.body.graph} label={label} /> : null}
          </>
        ) : null}
      </div>
    </details>
  );
}

function PathDrawing({ graph, label }: { graph: CanvasGraph; label: string }) {
  const rows = Math.max(1, ...[...new Set(graph.nodes.map((n) => n.x))].map((x) => graph.nodes.filter((n) => n.x === x).length));
  return <GraphCanvas graph={graph} label={label} height={Math.min(420, 90 + rows * 86)} />;
}
