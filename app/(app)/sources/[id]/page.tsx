import type { Metadata } from "next";
import Link from "@/components/ui/link";
import { notFound } from "next/navigation";
import { getRouteDeps } from "@/lib/api/route-deps";
import { COLLECTOR_NAMES } from "@/lib/collectors/registry";
import { getSource } from "@/lib/db/queries/sources";
import { parseRowId } from "@/lib/db/row-id";
import { getSweepNumber } from "@/lib/db/queries/sweep-numbers";
import { listSweepsOfSource } from "@/lib/db/queries/sweeps";
import { toPublicSource } from "@/lib/sweeps/manage-sources";
import { RunButton } from "../run-button";
import { SourceForm } from "../source-form";
import { ACTION_ACCESS, meetsRequirement } from "@/lib/auth/access-table";
import { requirePageAccess } from "@/lib/auth/require-page-access";

export const metadata: Metadata = { title: "Source" };
export const dynamic = "force-dynamic";

const SWEEPS_PAGE_SIZE = 50;

export default async function SourcePage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePageAccess("/sources/[id]");
  const id = parseRowId((await params).id);
  const { db } = await getRouteDeps();
  const row = id !== null ? await getSource(db, id) : null;
  if (!row) notFound();
  const source = toPublicSource(row);
  const before = (await searchParams).before;
  const olderThan = (typeof before === "string" ? parseRowId(before) : null) ?? undefined;
  // One more than a page tells whether older sweeps remain.
  const fetched = await listSweepsOfSource(db, source.id, SWEEPS_PAGE_SIZE + 1, olderThan);
  const sweeps = fetched.slice(0, SWEEPS_PAGE_SIZE);
  const older = fetched.length > SWEEPS_PAGE_SIZE ? sweeps[sweeps.length - 1].id : null;
  // Sweeps are numbered per source, down from the newest one on this page.
  const sweepCount = sweeps.length > 0 ? await getSweepNumber(db, source.id, sweeps[0].id) : 0;
  return (
    <>
      <p className="crumbs">
        <Link href="/sources">Sources</Link> /
      </p>
      <h1>{source.name}</h1>
      <div className="two-col">
        <section className="panel" aria-labelledby="sweeps-heading">
          <h2 id="sweeps-heading">Sweeps</h2>
          {meetsRequirement(user, ACTION_ACCESS["/sources#runSourceAction"]) ? <RunButton sourceId={source.id} /> : null}
          {sweeps.length === 0 ? (
            <p className="muted">No sweep yet.</p>
          ) : (
            <table>
              <thead>
                <tr>
                  <th>Sweep</th>
                  <th>Status</th>
                  <th>Trigger</th>
                  <th>Started</th>
                  <th>Nodes ±</th>
                  <th>Edges ±</th>
                  <th>Warnings</th>
                </tr>
              </thead>
              <tbody>
                {sweeps.map((s, i) => (
                  <tr key={s.id}>
                    <td>
                      {/* Newest first: numbered down from the source's count. */}
                      <Link href={`/sources/${source.id}/sweeps/${s.id}`}>#{sweepCount - i}</Link>
                    </td>
                    <td>{s.status}</td>
                    <td>{s.trigger}</td>
                    <td>{(s.startedAt ?? s.queuedAt).toLocaleString()}</td>
                    <td className="num">{s.stats ? `+${s.stats.nodesAdded} −${s.stats.nodesPruned}` : ""}</td>
                    <td className="num">{s.stats ? `+${s.stats.edgesAdded} −${s.stats.edgesPruned}` : ""}</td>
                    {/* Records left out of a batch are among them: the sweep's log names each one. */}
                    <td className="num">{s.warnings?.length ? <Link href={`/sources/${source.id}/sweeps/${s.id}`}>{s.warnings.length}</Link> : s.stats ? "0" : ""}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {olderThan !== undefined || older !== null ? (
            <nav className="pager" aria-label="Sweeps pages">
              {olderThan !== undefined ? <Link href={`/sources/${source.id}`}>← Newest</Link> : null}
              {older !== null ? <Link href={`/sources/${source.id}?before=${older}`} rel="next">Older sweeps →</Link> : null}
            </nav>
          ) : null}
        </section>
        <section className="panel" aria-labelledby="config-heading">
          <h2 id="config-heading">Definition</h2>
          <dl className="kv">
            <dt>Collector</dt>
            <dd>{source.collector}</dd>
            <dt>Schedule</dt>
            <dd>{source.schedule ? `${source.schedule} (${source.timezone})` : "manual"}</dd>
            <dt>Next run</dt>
            <dd>{source.enabled && source.nextRunAt ? new Date(source.nextRunAt).toLocaleString() : "—"}</dd>
            <dt>Enabled</dt>
            <dd>{source.enabled ? "yes" : "no"}</dd>
            <dt>Timeout</dt>
            <dd>{source.timeoutSeconds} s</dd>
            <dt>Config</dt>
            <dd>
              <pre style={{ margin: 0 }}>{JSON.stringify(source.config, null, 2)}</pre>
              {source.hasSecrets ? <span className="muted small">Secrets are stored encrypted and never shown.</span> : null}
            </dd>
          </dl>
          {meetsRequirement(user, ACTION_ACCESS["/sources#saveSourceAction"]) ? (
            <details style={{ marginTop: "1rem" }}>
              <summary>Edit</summary>
              <SourceForm
                collectors={COLLECTOR_NAMES}
                initial={{
                  id: source.id,
                  name: source.name,
                  collector: source.collector,
                  config: JSON.stringify(source.config, null, 2),
                  schedule: source.schedule ?? "",
                  timezone: source.timezone,
                  enabled: source.enabled,
                  timeoutSeconds: source.timeoutSeconds,
                }}
              />
            </details>
          ) : null}
        </section>
      </div>
    </>
  );
}
