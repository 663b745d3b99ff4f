import type { Metadata } from "next";
import Link from "@/components/ui/link";
import { changeFindingsStatusAction } from "@/app/(app)/findings/actions";
import { BulkStatusForm } from "@/components/findings/finding-status-forms";
import { MultiSelect } from "@/components/findings/multi-select";
import { SortHeader } from "@/components/findings/sort-header";
import { Pager } from "@/components/ui/pager";
import { EmptyState } from "@/components/ui/empty-state";
import { searchFindings } from "@/lib/db/queries/finding-triage";
import { listAgentNodes } from "@/lib/db/queries/reach";
import { FINDING_SEVERITIES, FINDING_STATUSES } from "@/lib/db/schema";
import { getDb } from "@/lib/db/server-db";
import { findingFilterParams, findingQueryParams, isFilterNarrowed, PAGE_SIZES, parseFindingQuery } from "@/lib/findings/finding-query";
import { severityReason } from "@/lib/findings/severity-reasons";
import { RULE_IDS } from "@/lib/findings/types";
import { boundText } from "@/lib/display/bound-text";
import { subjectHref } from "@/lib/links";
import { ACTION_ACCESS, meetsRequirement } from "@/lib/auth/access-table";
import { requirePageAccess } from "@/lib/auth/require-page-access";

export const metadata: Metadata = { title: "Findings" };

type Search = Promise<Record<string, string | string[] | undefined>>;
const BULK_FORM = "bulk-status";

export default async function FindingsPage({ searchParams }: { searchParams: Search }) {
  const user = await requirePageAccess("/findings");
  const mayChangeStatus = meetsRequirement(user, ACTION_ACCESS["/findings#changeFindingsStatusAction"]);
  const query = parseFindingQuery(await searchParams);
  const db = await getDb();
  const [agents, result] = await Promise.all([listAgentNodes(db), searchFindings(db, query)]);
  const { rows: findings, total, page, pages } = result;
  const narrowed = isFilterNarrowed(query);
  const exportQuery = findingFilterParams(query).toString();
  const hrefFor = (changes: Parameters<typeof findingQueryParams>[1]) => {
    const params = findingQueryParams(query, changes).toString();
    return params ? `/findings?${params}` : "/findings";
  };
  const first = (page - 1) * query.size + 1;
  return (
    <>
      <h1>Findings</h1>
      <p className="subtitle">Least-privilege problems, recomputed after every sweep. Accepted risks stay accepted until they expire.</p>
      <form className="filters panel" method="get" action="/findings" aria-label="Filter findings">
        <label>
          Search
          <input type="search" name="q" defaultValue={query.q} maxLength={200} placeholder="title, subject, rule or id" />
        </label>
        <MultiSelect name="status" legend="Status" options={[...FINDING_STATUSES]} selected={query.status} noneLabel="any" />
        <MultiSelect name="severity" legend="Severity" options={[...FINDING_SEVERITIES]} selected={query.severity} noneLabel="any" />
        <MultiSelect name="rule" legend="Rule" options={[...RULE_IDS]} selected={query.rule} noneLabel="any" />
        <MultiSelect
          name="agent"
          legend="Agent"
          options={agents.map((a) => ({ value: String(a.id), label: a.name }))}
          selected={query.agent.map(String)}
          noneLabel="any"
        />
        {query.sort !== "severity" ? <input type="hidden" name="sort" value={query.sort} /> : null}
        {query.dir !== "asc" ? <input type="hidden" name="dir" value={query.dir} /> : null}
        {/* Sent always: with every status box cleared it says "any status" rather than "the default". */}
        <input type="hidden" name="status" value="" />
        <label>
          Per page
          <select name="size" defaultValue={String(query.size)}>
            {PAGE_SIZES.map((s) => (
              <option key={s} value={s}>{s}</option>
            ))}
          </select>
        </label>
        <button className="button small" type="submit">Apply</button>
        {narrowed ? <Link href="/findings">Clear filters</Link> : null}
      </form>
      <div className="list-head">
        <p className="muted small" role="status" data-testid="findings-count">
          {total === 0 ? "No finding" : `${first}–${first + findings.length - 1} of ${total} ${total === 1 ? "finding" : "findings"}`}
          {query.status.length ? ` (${query.status.join(", ")})` : " (any status)"}
        </p>
        <div className="exports">
          <span className="muted small">Export this filter:</span>
          <a className="button secondary small" href={`/api/v1/findings/export?format=csv${exportQuery ? `&${exportQuery}` : ""}`} download>
            CSV
          </a>
          <a className="button secondary small" href={`/api/v1/findings/export?format=sarif${exportQuery ? `&${exportQuery}` : ""}`} download>
            SARIF 2.1.0
          </a>
        </div>
      </div>
      {findings.length === 0 ? (
        <EmptyState title={narrowed ? "No finding matches these filters" : "No open findings"}>
          <p>
            {narrowed
              ? "Widen the filters, or look at accepted and resolved findings too (Status: any)."
              : "Findings are computed after every sweep: over-scoped, shared and dormant credentials, backups in the blast radius, ungated destructive agents. Run a sweep from the Sources page, or ingest a batch with the CLI."}
          </p>
        </EmptyState>
      ) : (
        <>
          {/* Above the table, where the boxes are ticked; the boxes belong to it through their form attribute. */}
          {mayChangeStatus ? <BulkStatusForm formId={BULK_FORM} action={changeFindingsStatusAction} defaultExpiry={dateInDays(90)} selectable={findings.length} /> : null}
          <div className="table-scroll">
            <table className="data" aria-label="Findings">
              <thead>
                <tr>
                  <th scope="col" className="select-col">
                    <span className="sr-only">Select</span>
                  </th>
                  <SortHeader label="Severity" column="severity" query={query} hrefFor={hrefFor} />
                  <SortHeader label="Finding" column="title" query={query} hrefFor={hrefFor} />
                  <SortHeader label="Subject" column="subject" query={query} hrefFor={hrefFor} />
                  <SortHeader label="Rule" column="rule" query={query} hrefFor={hrefFor} />
                  <SortHeader label="Status" column="status" query={query} hrefFor={hrefFor} />
                  <SortHeader label="Last seen" column="lastSeen" query={query} hrefFor={hrefFor} />
                </tr>
              </thead>
              <tbody>
                {findings.map((f) => (
                  <tr key={f.id}>
                    <td className="select-col">
                      <input type="checkbox" name="ids" value={f.id} form={BULK_FORM} aria-label={`Select: ${f.title}`} />
                    </td>
                    <td><span className={`badge ${f.severity}`} title={severityReason(f.rule, f.severity) ?? undefined}>{f.severity}</span></td>
                    <td className="title-col">
                      <Link href={`/findings/${f.id}`} className="strong-link">{boundText(f.title, 300)}</Link>
                    </td>
                    <td className="small subject-col">
                      <span className="muted">{f.subjectKind}</span>{" "}
                      <Link href={subjectHref(f.subjectKind, f.subjectKey)}>{boundText(f.subjectName)}</Link>
                    </td>
                    <td className="small rule-col">{f.rule}</td>
                    <td>
                      <span className={`badge ${f.status}`}>{f.status}</span>
                    </td>
                    <td className="small nowrap">{formatDate(f.lastSeenAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pager page={page} pages={pages} hrefFor={(p) => hrefFor({ page: p })} label="Findings pages" />
        </>
      )}
    </>
  );
}

/** YYYY-MM-DD, `days` from now: the default acceptance expiry. */
function dateInDays(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

function formatDate(value: Date | string | null): string {
  if (!value) return "—";
  return new Date(value).toISOString().slice(0, 16).replace("T", " ") + " UTC";
}
