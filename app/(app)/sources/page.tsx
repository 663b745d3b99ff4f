import type { Metadata } from "next";
import Link from "@/components/ui/link";
import { EmptyState } from "@/components/ui/empty-state";
import { getRouteDeps } from "@/lib/api/route-deps";
import { COLLECTOR_NAMES } from "@/lib/collectors/registry";
import { listApiTokens } from "@/lib/db/queries/api-tokens";
import { listSources } from "@/lib/db/queries/sources";
import { listLatestSweeps } from "@/lib/db/queries/sweeps";
import { toPublicToken } from "@/lib/sweeps/token-view";
import { SourceForm } from "./source-form";
import { TokenPanel } from "./token-panel";
import { requirePageAccess } from "@/lib/auth/require-page-access";

export const metadata: Metadata = { title: "Sources" };
export const dynamic = "force-dynamic";

export default async function SourcesPage() {
  const user = await requirePageAccess("/sources");
  const isAdmin = user.role === "admin";
  const { db } = await getRouteDeps();
  const [sources, latest, tokens] = [await listSources(db), await listLatestSweeps(db), isAdmin ? await listApiTokens(db) : []];
  const lastSweep = new Map(latest.map((s) => [s.sourceId, s]));
  return (
    <>
      <h1>Sources</h1>
      <p className="subtitle">A source is a collector, its configuration and a schedule. Each run is a sweep; remote collectors push theirs with an API token.</p>
      {sources.length === 0 ? (
        <EmptyState title="No sources yet">
          <p>Create one below, or push a batch with <code>npx blastmap push FILE --server URL --token TOKEN</code>.</p>
        </EmptyState>
      ) : (
        <div className="table-scroll panel">
          <table>
            <thead>
              <tr>
                <th>Source</th>
                <th>Collector</th>
                <th>Schedule</th>
                <th>Last sweep</th>
              </tr>
            </thead>
            <tbody>
              {sources.map((s) => {
                const sweep = lastSweep.get(s.id);
                return (
                  <tr key={s.id}>
                    <td>
                      <Link href={`/sources/${s.id}`}>{s.name}</Link>
                      {s.enabled ? null : <span className="muted"> (disabled)</span>}
                    </td>
                    <td>{s.collector}</td>
                    <td>{s.schedule ? `${s.schedule} (${s.timezone})` : "manual"}</td>
                    <td>
                      {sweep ? (
                        <Link href={`/sources/${s.id}/sweeps/${sweep.id}`}>
                          <span className={`badge ${sweep.status === "succeeded" ? "resolved" : sweep.status === "failed" ? "open" : ""}`}>{sweep.status}</span>{" "}
                          {(sweep.finishedAt ?? sweep.queuedAt).toLocaleString()}
                        </Link>
                      ) : (
                        <span className="muted">never</span>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {isAdmin ? (
        <>
          <section className="panel" aria-labelledby="new-source-heading" style={{ marginTop: "1rem" }}>
            <h2 id="new-source-heading">New source</h2>
            <p className="muted small">
              The server reads only the paths a source names. Examples: inventory <code>{'{"file": "/srv/estate.json"}'}</code>, workspace{" "}
              <code>{'{"roots": ["/srv/ci/workspace"]}'}</code>, postgres <code>{'{"url": "postgres://auditor:PASSWORD@db:5432/app"}'}</code>.
            </p>
            <SourceForm collectors={COLLECTOR_NAMES} />
          </section>
          <div style={{ marginTop: "1rem" }}>
            <TokenPanel tokens={tokens.map(toPublicToken)} sources={sources.map((s) => ({ id: s.id, name: s.name }))} />
          </div>
        </>
      ) : null}
    </>
  );
}
