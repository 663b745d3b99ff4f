import type { Metadata } from "next";
import { AnySelect } from "@/components/ui/any-select";
import Link from "@/components/ui/link";
import { getRouteDeps } from "@/lib/api/route-deps";
import { AUDIT_ACTIONS } from "@/lib/audit/actions";
import { auditQuerySchema, auditSearch, toAuditFilter } from "@/lib/audit/audit-filter";
import { requirePageAccess } from "@/lib/auth/require-page-access";
import { countAuditEntries, listAuditEntries } from "@/lib/db/queries/audit";
import { AUDIT_OUTCOMES } from "@/lib/db/schema";

export const metadata: Metadata = { title: "Audit log" };
export const dynamic = "force-dynamic";

const PAGE_SIZE = 50;

type Search = Promise<Record<string, string | string[] | undefined>>;

export default async function AuditPage({ searchParams }: { searchParams: Search }) {
  await requirePageAccess("/audit");
  const raw = Object.fromEntries(Object.entries(await searchParams).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
  const parsed = auditQuerySchema.safeParse(raw);
  const query = parsed.success ? parsed.data : {};
  const filter = toAuditFilter(query);
  const { db } = await getRouteDeps();
  const [entries, total] = [await listAuditEntries(db, filter, { limit: PAGE_SIZE + 1, before: query.before }), await countAuditEntries(db, filter)];
  const page = entries.slice(0, PAGE_SIZE);
  const older = entries.length > PAGE_SIZE ? page[page.length - 1].id : null;
  return (
    <>
      <h1>Audit log</h1>
      <p className="subtitle">Who did what, when, and from where. Append-only: neither the app nor its database account can change or delete an entry.</p>
      <form className="filters panel" method="get" aria-label="Filter the audit log">
        <AnySelect label="Action" name="action" values={AUDIT_ACTIONS} value={query.action} />
        <label>
          Actor
          <input name="actor" defaultValue={query.actor ?? ""} maxLength={200} placeholder="username or token:bm_…" />
        </label>
        <AnySelect label="Outcome" name="outcome" values={AUDIT_OUTCOMES} value={query.outcome} />
        <label>
          From
          <input type="date" name="from" defaultValue={query.from ?? ""} />
        </label>
        <label>
          To
          <input type="date" name="to" defaultValue={query.to ?? ""} />
        </label>
        <button className="button small" type="submit">
          Filter
        </button>
        <a className="button secondary small" href={`/audit/export${auditSearch(query)}`} download>
          Export CSV
        </a>
      </form>
      {parsed.success ? null : (
        <p className="error" role="alert">
          Some filters were not understood and are ignored: {parsed.error.issues[0].path.join(".")}: {parsed.error.issues[0].message}
        </p>
      )}
      <p className="muted small">
        {total.toLocaleString()} entr{total === 1 ? "y" : "ies"}
        {query.before ? " · older entries" : ""}
      </p>
      <div className="table-scroll panel">
        <table aria-label="Audit entries">
          <thead>
            <tr>
              <th>When (UTC)</th>
              <th>Actor</th>
              <th>Action</th>
              <th>Outcome</th>
              <th>Target</th>
              <th>From</th>
              <th>Detail</th>
            </tr>
          </thead>
          <tbody>
            {page.map((entry) => (
              <tr key={entry.id}>
                <td className="small">{entry.at.toISOString().replace("T", " ").slice(0, 19)}</td>
                <td className="loc">{entry.actor}</td>
                <td>
                  <code>{entry.action}</code>
                </td>
                <td>
                  <span className={`badge ${entry.outcome === "success" ? "resolved" : "open"}`}>{entry.outcome}</span>
                </td>
                <td className="loc">{entry.target ?? ""}</td>
                <td className="loc">{entry.address ?? ""}</td>
                <td className="loc small">{Object.keys(entry.detail ?? {}).length ? JSON.stringify(entry.detail) : ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {page.length === 0 ? <p className="muted">Nothing matches.</p> : null}
      </div>
      <p className="form-row" style={{ marginTop: "0.75rem" }}>
        {query.before ? <Link href={`/audit${auditSearch(query)}`}>← Newest</Link> : null}
        {older ? <Link href={`/audit${auditSearch(query, { before: older })}`}>Older →</Link> : null}
      </p>
    </>
  );
}
