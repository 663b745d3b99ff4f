import type { Metadata } from "next";
import Link from "next/link";
import { EmptyState } from "@/components/ui/empty-state";
import { listAgentNodes } from "@/lib/db/queries/reach";
import { listFindingSummaries, type FindingSummary } from "@/lib/db/queries/findings";
import { FINDING_SEVERITIES, FINDING_STATUSES, type FindingSeverity, type FindingStatus } from "@/lib/db/schema";
import { getDb } from "@/lib/db/server-db";
import { isAppError } from "@/lib/errors";
import { RULE_IDS } from "@/lib/findings/types";
import { requirePageAccess } from "@/lib/auth/require-page-access";

export const metadata: Metadata = { title: "Findings" };

type Search = Promise<Record<string, string | string[] | undefined>>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? "";
const MAX_ROWS = 500;

export default async function FindingsPage({ searchParams }: { searchParams: Search }) {
  await requirePageAccess("/findings");
  const params = await searchParams;
  // Open findings are the work list; "all" is an explicit choice.
  const status = one(params.status) || "open";
  const severity = one(params.severity);
  const rule = one(params.rule);
  const agent = one(params.agent);
  const db = await getDb();
  const agents = await listAgentNodes(db);
  let findings: FindingSummary[] = [];
  let total = 0;
  let problem: string | null = null;
  try {
    ({ rows: findings, total } = await listFindingSummaries(db, {
      status: (FINDING_STATUSES as readonly string[]).includes(status) ? (status as FindingStatus) : undefined,
      severity: (FINDING_SEVERITIES as readonly string[]).includes(severity) ? (severity as FindingSeverity) : undefined,
      rule: rule || undefined,
      agent: agent || undefined,
    }, MAX_ROWS));
  } catch (error) {
    if (!isAppError(error) || error.status >= 500) throw error;
    problem = error.message;
  }
  const anyFilter = severity || rule || agent || status !== "open";
  return (
    <>
      <h1>Findings</h1>
      <p className="subtitle">Least-privilege problems, recomputed after every sweep. Accepted risks stay accepted until they expire.</p>
      <form className="filters panel" method="get" aria-label="Filter findings">
        <label>
          Status
          <select name="status" defaultValue={status}>
            {FINDING_STATUSES.map((s) => (
              <option key={s} value={s}>{s}</option>
            ))}
            <option value="all">all</option>
          </select>
        </label>
        <label>
          Severity
          <select name="severity" defaultValue={severity}>
            <option value="">any</option>
            {FINDING_SEVERITIES.map((s) => (
              <option key={s} value={s}>{s}</option>
            ))}
          </select>
        </label>
        <label>
          Rule
          <select name="rule" defaultValue={rule}>
            <option value="">any</option>
            {RULE_IDS.map((r) => (
              <option key={r} value={r}>{r}</option>
            ))}
          </select>
        </label>
        <label>
          Agent
          <select name="agent" defaultValue={agent}>
            <option value="">any</option>
            {agents.map((a) => (
              <option key={a.id} value={String(a.id)}>{a.name}</option>
            ))}
          </select>
        </label>
        <button className="button small" type="submit">Apply</button>
        {anyFilter ? <Link href="/findings">Clear filters</Link> : null}
      </form>
      {problem ? <p className="error" role="alert">{problem}</p> : null}
      {findings.length === 0 && !problem ? (
        <EmptyState title={anyFilter ? "No finding matches these filters" : "No open findings"}>
          <p>
            {anyFilter
              ? "Widen the filters, or look at accepted and resolved findings with Status: all."
              : "Findings are computed after every sweep: over-scoped, shared and dormant credentials, backups in the blast radius, ungated destructive agents. Run a sweep from the Sources page, or ingest a batch with the CLI."}
          </p>
        </EmptyState>
      ) : null}
      {findings.length > 0 ? (
        <>
          <p className="muted small" role="status">{total} {total === 1 ? "finding" : "findings"}</p>
          <table className="data" aria-label="Findings">
            <thead>
              <tr>
                <th scope="col">Severity</th>
                <th scope="col">Finding</th>
                <th scope="col">Rule</th>
                <th scope="col">Status</th>
                <th scope="col">Last seen</th>
              </tr>
            </thead>
            <tbody>
              {findings.map((f) => (
                <tr key={f.id}>
                  <td><span className={`badge ${f.severity}`}>{f.severity}</span></td>
                  <td>
                    <Link href={`/findings/${f.id}`} className="strong-link">{f.title}</Link>
                    <div className="muted small">{f.subjectKind}: {f.subjectName}</div>
                  </td>
                  <td className="small">{f.rule}</td>
                  <td><span className={`badge ${f.status}`}>{f.status}</span></td>
                  <td className="small">{formatDate(f.lastSeenAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {total > findings.length ? <p className="muted">Showing the first {findings.length} of {total}; narrow the filters to see the rest.</p> : null}
        </>
      ) : null}
    </>
  );
}

function formatDate(value: Date | string | null): string {
  if (!value) return "—";
  return new Date(value).toISOString().slice(0, 16).replace("T", " ") + " UTC";
}
