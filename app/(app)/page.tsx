import type { Metadata } from "next";
import Link from "@/components/ui/link";
import { EmptyState } from "@/components/ui/empty-state";
import { TimeAgo } from "@/components/ui/time-ago";
import { listAgentSummaries } from "@/lib/db/queries/agents";
import { listFindingSummaries } from "@/lib/db/queries/findings";
import { countNodesByKind, countOpenFindingsBySeverity, listRecentSweepTrend, listSourcesWithLastSweep } from "@/lib/db/queries/overview";
import { getDb } from "@/lib/db/server-db";
import { graphOfKindsHref } from "@/lib/links";
import { requirePageAccess } from "@/lib/auth/require-page-access";

export const metadata: Metadata = { title: "Overview" };

const TOP_FINDINGS = 6;

/** Each card opens what it counts: a list where there is one, else the explorer drawing only that kind and what it acts on. */
const COUNTED = [
  { kind: "agent", label: "Agents", hint: "ranked by what they could destroy", href: "/agents" },
  { kind: "credential", label: "Credentials", hint: "who reads them, what they could destroy", href: "/credentials" },
  // Identities with the resources they may act on: the grants are what matter about an identity.
  { kind: "identity", label: "Identities", hint: "in the graph, with what each may do", href: graphOfKindsHref(["identity", "resource"]) },
  // Resources with what they contain and the recovery copies kept in them.
  { kind: "resource", label: "Resources", hint: "in the graph, with what each holds", href: graphOfKindsHref(["resource", "recovery_copy"]) },
] as const;

export default async function OverviewPage() {
  await requirePageAccess("/");
  const db = await getDb();
  const counts = await countNodesByKind(db);
  const total = Object.values(counts).reduce((sum, n) => sum + (n ?? 0), 0);
  const [agents, openFindings, bySeverity, sources, trend] =
    total === 0
      ? [{ rows: [], total: 0, page: 1, pageSize: 8 }, { rows: [], total: 0 }, {} as Record<string, number>, [], []]
      : await Promise.all([listAgentSummaries(db, { pageSize: 8 }), listFindingSummaries(db, { status: "open" }, TOP_FINDINGS), countOpenFindingsBySeverity(db), listSourcesWithLastSweep(db), listRecentSweepTrend(db)]);
  const now = nowMs();
  const maxTrend = Math.max(1, ...trend.map((t) => t.added + t.pruned));
  return (
    <>
      <h1>Overview</h1>
      <p className="subtitle">Every agent, what it can read, and what it could destroy.</p>
      <section className="cards" aria-label="Counts">
        {COUNTED.map(({ kind, label, hint, href }) => (
          <Link className="panel card card-link" key={kind} href={href}>
            <div className="value">{counts[kind] ?? 0}</div>
            <div className="label">{label}</div>
            <div className="hint">{hint}</div>
          </Link>
        ))}
      </section>
      {total === 0 ? (
        <>
          <h2>Get started</h2>
          <EmptyState title="No sweeps yet">
            <p>
              Collect a workspace with <code>npx blastmap collect workspace --root ~/projects/app --out batch.json</code>, then
              load it with <code>npx blastmap ingest batch.json</code>.
            </p>
          </EmptyState>
        </>
      ) : (
        <div className="two-col" style={{ marginTop: "1rem" }}>
          <div>
            <section className="panel" aria-labelledby="h-agents">
              <h2 id="h-agents">Agents by what they can destroy</h2>
              {agents.total === 0 ? (
                <p className="muted">No agent found yet: sweep a workstation or CI workspace with the workspace collector.</p>
              ) : (
                <ol className="row-list">
                  {agents.rows.map((a) => (
                    <li key={a.id}>
                      <Link href={`/agents/${a.id}`} className="strong-link">{a.name}</Link>
                      <span className="muted small">{a.agentKind ?? ""}</span>
                      <span style={{ marginLeft: "auto" }} />
                      {/* Resources, as the agent page counts them; the actions in the title (lib/graph/reach/counting-rule.ts). */}
                      {a.d1 > 0 ? <span className="badge D1" title={`${a.counts.resources.D1} primary-data resources it can destroy, by ${a.d1} D1 actions`}>D1 {a.counts.resources.D1}</span> : null}
                      {a.d2 > 0 ? <span className="badge D2" title={`${a.counts.resources.D2} recovery resources it can destroy, by ${a.d2} D2 actions`}>D2 {a.counts.resources.D2}</span> : null}
                      {a.d1 === 0 && a.d2 === 0 ? <span className="muted small">nothing destructive</span> : null}
                    </li>
                  ))}
                </ol>
              )}
              {agents.total > agents.rows.length ? <p><Link href="/agents">All {agents.total} agents</Link></p> : null}
            </section>
            <section className="panel" aria-labelledby="h-findings" style={{ marginTop: "1rem" }}>
              <h2 id="h-findings">Top open findings</h2>
              <p className="small">
                {(["critical", "high", "medium", "low", "info"] as const).filter((s) => bySeverity[s]).map((s) => (
                  <Link key={s} href={`/findings?severity=${s}`} className={`badge ${s}`} style={{ marginRight: "0.4rem", textDecoration: "none" }}>
                    {bySeverity[s]} {s}
                  </Link>
                ))}
              </p>
              {openFindings.total === 0 ? (
                <p className="muted">No open findings. Accepted and resolved ones are on the <Link href="/findings?status=all">Findings</Link> page.</p>
              ) : (
                <ol className="row-list">
                  {openFindings.rows.map((f) => (
                    <li key={f.id}>
                      <span className={`badge ${f.severity}`}>{f.severity}</span>
                      <Link href={`/findings/${f.id}`}>{f.title}</Link>
                    </li>
                  ))}
                </ol>
              )}
              {openFindings.total > openFindings.rows.length ? <p><Link href="/findings">All {openFindings.total} open findings</Link></p> : null}
            </section>
          </div>
          <div>
            <section className="panel" aria-labelledby="h-sources">
              <h2 id="h-sources">Last sweep per source</h2>
              {sources.length === 0 ? (
                <p className="muted">No source yet.</p>
              ) : (
                <ul className="row-list">
                  {sources.map((s) => (
                    <li key={s.sourceId}>
                      <span>
                        <Link className="strong-link" href={`/sources/${s.sourceId}`}>{s.sourceName}</Link> <span className="muted small">{s.collector}</span>
                        {s.status === "failed" ? <div className="small" style={{ color: "#991b1b" }}>failed: {s.error}</div> : null}
                      </span>
                      <span style={{ marginLeft: "auto" }} className="small">
                        {s.status && s.status !== "succeeded" ? `${s.status} · ` : ""}
                        <TimeAgo date={s.finishedAt ?? s.startedAt} now={now} />
                      </span>
                    </li>
                  ))}
                </ul>
              )}
              <p className="small"><Link href="/sources">Sources and schedules</Link></p>
            </section>
            {trend.length > 1 ? (
              <section className="panel" aria-labelledby="h-trend" style={{ marginTop: "1rem" }}>
                <h2 id="h-trend">Recent sweeps</h2>
                <ol className="trend" aria-label="What each recent sweep changed">
                  {trend.map((t) => (
                    <li key={t.sweepId} title={`Sweep ${t.number} of ${t.sourceName}: ${t.added} added, ${t.pruned} pruned`}>
                      <span className="bar add" style={{ height: `${Math.max(2, (t.added / maxTrend) * 48)}px` }} />
                      <span className="bar prune" style={{ height: `${(t.pruned / maxTrend) * 48}px` }} />
                      <span className="sr-only">Sweep {t.number} of {t.sourceName}: {t.added} added, {t.pruned} pruned, {t.status}</span>
                    </li>
                  ))}
                </ol>
                <p className="muted small">Nodes and edges added (orange) and pruned (grey) per sweep, oldest first.</p>
              </section>
            ) : null}
          </div>
        </div>
      )}
    </>
  );
}

function nowMs(): number {
  return Date.now();
}
