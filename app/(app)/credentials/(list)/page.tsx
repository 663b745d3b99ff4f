import type { Metadata } from "next";
import { AnySelect } from "@/components/ui/any-select";
import Link from "@/components/ui/link";
import { EmptyState } from "@/components/ui/empty-state";
import { Pager } from "@/components/ui/pager";
import { CREDENTIAL_SORTS, listCredentials, type CredentialSort } from "@/lib/db/queries/credentials";
import { getDb } from "@/lib/db/server-db";
import { nodeHref } from "@/lib/links";
import { requirePageAccess } from "@/lib/auth/require-page-access";

export const metadata: Metadata = { title: "Credentials" };

type Search = Promise<Record<string, string | string[] | undefined>>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? "";
const PAGE_SIZE = 100;

export default async function CredentialsPage({ searchParams }: { searchParams: Search }) {
  await requirePageAccess("/credentials");
  const params = await searchParams;
  const filter = {
    provider: one(params.provider),
    kind: one(params.kind),
    q: one(params.q),
    destructive: one(params.destructive) === "1",
    sort: ((CREDENTIAL_SORTS as readonly string[]).includes(one(params.sort)) ? one(params.sort) : "score") as CredentialSort,
    dir: one(params.dir) === "asc" ? ("asc" as const) : one(params.dir) === "desc" ? ("desc" as const) : undefined,
  };
  const inventory = await listCredentials(await getDb(), {
    provider: filter.provider || undefined,
    kind: filter.kind || undefined,
    q: filter.q || undefined,
    destructiveOnly: filter.destructive,
    sort: filter.sort,
    dir: filter.dir,
    page: Number(one(params.page)) || 1,
    pageSize: PAGE_SIZE,
  });
  const pages = Math.ceil(inventory.matching / inventory.pageSize);
  const hrefWith = (change: Record<string, string>) => {
    const next = new URLSearchParams();
    const merged = { provider: filter.provider, kind: filter.kind, q: filter.q, destructive: filter.destructive ? "1" : "", sort: filter.sort, dir: filter.dir ?? "", ...change };
    for (const [k, v] of Object.entries(merged)) if (v) next.set(k, v);
    return `/credentials?${next.toString()}`;
  };
  const currentDir = (sort: CredentialSort) => filter.dir ?? (["score", "lastSeen", "locations"].includes(sort) ? "desc" : "asc");
  const ariaSort = (...sorts: CredentialSort[]) =>
    sorts.includes(filter.sort) ? (currentDir(filter.sort) === "asc" ? ("ascending" as const) : ("descending" as const)) : undefined;
  const sortLink = (sort: CredentialSort, label: string) => {
    const active = filter.sort === sort;
    const nextDir = active ? (currentDir(sort) === "asc" ? "desc" : "asc") : currentDir(sort);
    return (
      <Link href={hrefWith({ sort, dir: nextDir })}>
        {label} {active ? (currentDir(sort) === "asc" ? "▲" : "▼") : ""}
      </Link>
    );
  };
  const header = (sort: CredentialSort, label: string, numeric = false) => (
    <th scope="col" className={numeric ? "num" : undefined} aria-sort={ariaSort(sort)}>
      {sortLink(sort, label)}
    </th>
  );
  const anyFilter = filter.provider || filter.kind || filter.q || filter.destructive;
  return (
    <>
      <h1>Credentials</h1>
      <p className="subtitle">
        Every credential an agent can read, scored by what it could destroy — not by what it was issued for. Only a redacted preview is ever
        shown; the secret itself is never stored.
      </p>
      {inventory.total === 0 ? (
        <EmptyState title="No credentials found yet">
          <p>Credentials in files your agents can read show up here after a workspace sweep, only ever as a fingerprint and a redacted preview.</p>
        </EmptyState>
      ) : (
        <>
          <form className="filters panel" method="get" aria-label="Filter credentials">
            <label>
              Search
              <input type="search" name="q" defaultValue={filter.q} placeholder="name, file or purpose" />
            </label>
            <AnySelect label="Provider" name="provider" values={inventory.providers} value={filter.provider} />
            <AnySelect label="Kind" name="kind" values={inventory.kinds} value={filter.kind} />
            <label className="inline-check">
              <span>
                <input type="checkbox" name="destructive" value="1" defaultChecked={filter.destructive} /> Can destroy something
              </span>
            </label>
            <input type="hidden" name="sort" value={filter.sort} />
            {filter.dir ? <input type="hidden" name="dir" value={filter.dir} /> : null}
            <button className="button small" type="submit">Apply</button>
            {anyFilter ? <Link href="/credentials">Clear filters</Link> : null}
          </form>
          <p className="muted small" role="status">
            {inventory.matching} of {inventory.total} credentials
            {pages > 1 ? ` (${(inventory.page - 1) * inventory.pageSize + 1}–${(inventory.page - 1) * inventory.pageSize + inventory.rows.length} shown)` : ""}
          </p>
          {inventory.rows.length === 0 ? (
            <EmptyState title="No credential matches these filters">
              <p>Widen the search or <Link href="/credentials">clear the filters</Link>.</p>
            </EmptyState>
          ) : (
            <div className="table-scroll">
              <table className="data" aria-label="Credentials">
                <thead>
                  <tr>
                    {/* Provider and kind sit under the credential's name: a column of their own left every column too narrow at 1280 px. */}
                    <th scope="col" className="cred-col" aria-sort={ariaSort("name", "provider", "kind")}>
                      {sortLink("name", "Credential")}
                      <div className="small">
                        {sortLink("provider", "Provider")} · {sortLink("kind", "kind")}
                      </div>
                    </th>
                    {header("locations", "Found in")}
                    <th scope="col">Read by</th>
                    <th scope="col">Authenticates as</th>
                    {header("score", "Could destroy", true)}
                    <th scope="col">Declared purpose vs actual</th>
                    {header("lastSeen", "Last seen")}
                  </tr>
                </thead>
                <tbody>
                  {inventory.rows.map((c) => (
                    <tr key={c.id}>
                      <td>
                        <Link className="strong-link" href={`/credentials/${c.id}`}>{c.name}</Link>
                        <div><code title="Redacted preview">{c.preview || "—"}</code></div>
                        <div className="small">
                          <span data-testid="provider">{c.provider}</span> <span className="muted">· {c.kind}</span>
                        </div>
                      </td>
                      <td className="small">
                        {c.locations.slice(0, 3).map((l, i) => (
                          <div key={i} className="loc">
                            {l.file}
                            {l.line ? `:${l.line}` : ""}
                            {l.envVar ? <span className="muted"> ({l.envVar})</span> : null}
                          </div>
                        ))}
                        {c.locations.length > 3 ? <div className="muted">and {c.locations.length - 3} more</div> : null}
                        {c.locations.length === 0 ? "—" : null}
                      </td>
                      <td className="small read-by" data-testid="read-by">
                        {c.readBy.readers.map((r) => (
                          <div key={r.id}>
                            <Link href={nodeHref("agent", r.id)} title={r.how === "configured" ? "configured with it" : `can read ${r.through ?? "it"}`}>{r.name}</Link>
                          </div>
                        ))}
                        {c.readBy.total > c.readBy.readers.length ? (
                          <div>
                            <Link className="muted" href={`/credentials/${c.id}`}>and {c.readBy.total - c.readBy.readers.length} more</Link>
                          </div>
                        ) : null}
                        {c.readBy.total === 0 ? <span className="muted">no agent known</span> : null}
                      </td>
                      <td className="small">
                        {c.identities.length === 0 ? "—" : c.identities.map((i) => (
                          <div key={i.id}>
                            {i.name}
                            {i.assumed ? <span className="muted"> (assumed)</span> : null}
                          </div>
                        ))}
                      </td>
                      <td className="num">
                        {c.worstClass ? (
                          <>
                            <span className={`badge ${c.worstClass}`}>{c.worstClass}</span> <strong>{c.score}</strong>
                            <div className="muted small">{c.destructive} destructive {c.destructive === 1 ? "action" : "actions"}</div>
                          </>
                        ) : (
                          <span className="muted">nothing</span>
                        )}
                      </td>
                      <td className="small declared">
                        <div>
                          <span className="muted">Declared:</span> {c.purpose ?? <span className="muted">not stated</span>}
                        </div>
                        <div>
                          <span className="muted">Actual:</span>{" "}
                          {c.worstClass ? (
                            <>
                              {c.worstActions.join(", ")} ({c.worstClass}){c.assumed ? <span className="tag tag-assumed">assumed from the token&apos;s kind</span> : null}
                            </>
                          ) : (
                            "no destructive action"
                          )}
                        </div>
                      </td>
                      <td className="small nowrap">{c.lastSeenAt ? c.lastSeenAt.toISOString().slice(0, 10) : "—"}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <Pager page={inventory.page} pages={pages} hrefFor={(p) => hrefWith({ page: String(p) })} label="Credentials pages" />
            </div>
          )}
        </>
      )}
    </>
  );
}
