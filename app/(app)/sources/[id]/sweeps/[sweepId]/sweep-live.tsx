"use client";

import { useEffect, useState } from "react";
import type { DiffFinding, DiffNode, DiffReach } from "@/lib/db/schema";
import { namedHref, subjectHref } from "@/lib/links";
import type { PublicSweep } from "@/lib/sweeps/sweep-view";
import { cancelSweepAction } from "../../../actions";

interface SweepData {
  sweep: PublicSweep;
  logs: { at: string; level: string; message: string }[];
}

const ACTIVE = new Set(["queued", "running"]);

/** The sweep as it runs: polls the API every second until the sweep has finished. */
export function SweepLive({ initial, canCancel }: { initial: SweepData; canCancel: boolean }) {
  const [data, setData] = useState(initial);
  const { sweep, logs } = data;
  const active = ACTIVE.has(sweep.status);

  useEffect(() => {
    if (!active) return;
    const timer = setInterval(async () => {
      const response = await fetch(`/api/v1/sweeps/${sweep.id}`, { cache: "no-store" }).catch(() => null);
      if (response?.ok) setData(await response.json());
    }, 1000);
    return () => clearInterval(timer);
  }, [active, sweep.id]);

  return (
    <>
      <section className="panel" aria-label="Progress">
        <p>
          Status: <strong data-testid="sweep-status">{sweep.status}</strong>
          {sweep.phase && active ? <span> — {sweep.phase}</span> : null}
          {sweep.itemsDone !== null && active ? (
            <span className="muted">
              {" "}
              ({sweep.itemsDone}
              {sweep.itemsTotal ? ` of ${sweep.itemsTotal}` : ""})
            </span>
          ) : null}
          <span className="muted"> · {sweep.trigger}</span>
        </p>
        {/* Indeterminate only while running: a failed or cancelled sweep's bar stops where it was. */}
        <progress
          aria-label="Sweep progress"
          max={100}
          value={active ? (sweep.percent ?? undefined) : (sweep.percent ?? 0)}
          className={`sweep-progress ${sweep.status}`}
          data-testid="sweep-progress"
          data-state={active ? "running" : "stopped"}
        />
        {sweep.error ? (
          <p className="error" role="alert">
            {sweep.error}
          </p>
        ) : null}
        {sweep.stats ? (
          <p data-testid="sweep-stats">
            Nodes +{sweep.stats.nodesAdded} ~{sweep.stats.nodesUpdated} −{sweep.stats.nodesPruned} · edges +{sweep.stats.edgesAdded} ~{sweep.stats.edgesUpdated} −
            {sweep.stats.edgesPruned} · {sweep.warnings} warnings
          </p>
        ) : null}
        {active && canCancel ? (
          <form
            action={async (form) => {
              await cancelSweepAction(null, form);
            }}
          >
            <input type="hidden" name="sweepId" value={sweep.id} />
            <button className="button secondary small" type="submit" disabled={sweep.cancelRequested}>
              {sweep.cancelRequested ? "Cancelling…" : "Cancel"}
            </button>
          </form>
        ) : null}
      </section>
      {sweep.diff ? <SweepDiffView diff={sweep.diff} /> : null}
      <section className="panel" aria-labelledby="log-heading" style={{ marginTop: "1rem" }}>
        <h2 id="log-heading">Log</h2>
        <ul className="row-list" data-testid="sweep-log">
          {logs.map((line, i) => (
            <li key={i}>
              <span className="muted small">{new Date(line.at).toLocaleTimeString()}</span> <span className={line.level === "error" ? "error" : undefined}>{line.message}</span>
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}

function SweepDiffView({ diff }: { diff: NonNullable<PublicSweep["diff"]> }) {
  const empty = Object.values(diff).every((list) => (list as unknown[]).length === 0);
  return (
    <section className="panel" aria-labelledby="diff-heading" style={{ marginTop: "1rem" }}>
      <h2 id="diff-heading">What changed</h2>
      {empty ? <p className="muted">Nothing changed since the previous sweep.</p> : null}
      <ReachList title="New destructive reach" rows={diff.reachAdded} />
      <ReachList title="Destructive reach gone" rows={diff.reachRemoved} />
      <NodeList title="Credentials added" rows={diff.credentialsAdded} kind="credential" />
      <NodeList title="Credentials removed" rows={diff.credentialsRemoved} kind="credential" gone />
      <NodeList title="Identities added" rows={diff.identitiesAdded} kind="identity" />
      <NodeList title="Identities removed" rows={diff.identitiesRemoved} kind="identity" gone />
      <FindingList title="Findings opened" rows={diff.findingsOpened} />
      <FindingList title="Findings resolved" rows={diff.findingsResolved} />
    </section>
  );
}

function ReachList({ title, rows }: { title: string; rows: DiffReach[] }) {
  if (rows.length === 0) return null;
  return (
    <>
      <h3>
        {title} ({rows.length})
      </h3>
      <ul className="row-list">
        {rows.map((r, i) => (
          <li key={i}>
            <span className={`badge ${r.class}`}>{r.class}</span> <a className="strong-link" href={namedHref("agent", r.agent)}>{r.agent}</a> → {r.action} on{" "}
            <a href={namedHref("resource", r.resource)}>{r.resource}</a>
          </li>
        ))}
      </ul>
    </>
  );
}

function NodeList({ title, rows, kind, gone }: { title: string; rows: DiffNode[]; kind: "credential" | "identity"; gone?: boolean }) {
  if (rows.length === 0) return null;
  return (
    <>
      <h3>
        {title} ({rows.length})
      </h3>
      <ul className="row-list">
        {rows.map((r) => (
          <li key={r.key}>{gone ? r.name : <a href={subjectHref(kind, r.key)}>{r.name}</a>}</li>
        ))}
      </ul>
    </>
  );
}

function FindingList({ title, rows }: { title: string; rows: DiffFinding[] }) {
  if (rows.length === 0) return null;
  return (
    <>
      <h3>
        {title} ({rows.length})
      </h3>
      <ul className="row-list">
        {rows.map((r) => (
          <li key={r.id}>
            <span className={`badge ${r.severity}`}>{r.severity}</span> <a href={`/findings/${r.id}`}>{r.title}</a>
          </li>
        ))}
      </ul>
    </>
  );
}
