import type { Metadata } from "next";
import Link from "@/components/ui/link";
import { notFound } from "next/navigation";
import { CLASS_MEANING } from "@/components/graph/node-style";
import { listFindingsAboutSubject } from "@/lib/db/queries/finding-triage";
import { getCredentialPage } from "@/lib/db/queries/credential-page";
import { parseRowId } from "@/lib/db/row-id";
import { getDb } from "@/lib/db/server-db";
import { COUNT_LABELS, describeCount } from "@/lib/graph/reach/counting-rule";
import { graphFocusHref, nodeHref } from "@/lib/links";
import { requirePageAccess } from "@/lib/auth/require-page-access";

export const metadata: Metadata = { title: "Credential" };

export default async function CredentialPage({ params }: { params: Promise<{ id: string }> }) {
  await requirePageAccess("/credentials/[id]");
  const id = parseRowId((await params).id);
  if (id === null) notFound();
  const db = await getDb();
  const credential = await getCredentialPage(db, id);
  if (!credential) notFound();
  const findings = await listFindingsAboutSubject(db, "credential", credential.key);
  return (
    <>
      <p className="crumbs"><Link href="/credentials">Credentials</Link> /</p>
      <h1 className="title-break">{credential.name}</h1>
      <p className="subtitle">
        {credential.provider ?? "unknown provider"} · {credential.kind ?? "unknown kind"} · <code title="Redacted preview: the secret itself is never stored">{credential.preview || "—"}</code> ·{" "}
        <Link href={graphFocusHref(credential.id)}>Show in the graph</Link>
      </p>
      <div className="two-col">
        <div>
          <section className="panel" aria-labelledby="h-readers">
            <h2 id="h-readers">Agents that can read it ({credential.readers.length})</h2>
            {credential.readers.length === 0 ? (
              <p className="muted">No agent is known to read it.</p>
            ) : (
              <ul className="plain row-list" data-testid="credential-readers">
                {credential.readers.map((r) => (
                  <li key={r.id}>
                    <Link className="strong-link" href={nodeHref("agent", r.id)}>{r.name}</Link>
                    <span className="muted small">
                      {r.how === "configured" ? "is configured with it" : "can read the file that holds it"}
                      {r.through ? <> ({r.through})</> : null}
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </section>
          <section className="panel" aria-labelledby="h-destroy" style={{ marginTop: "1rem" }}>
            <h2 id="h-destroy">What it could destroy</h2>
            {credential.destructive.length === 0 ? (
              <p className="muted">No destructive action is reachable with it.</p>
            ) : (
              <>
                <p className="muted small">By the counting rule: {describeCount("actions", "D1").replace(/^D1 /, "")}.</p>
                <ul className="plain row-list">
                  {credential.destructive.map((d) => (
                    <li key={d.class}>
                      <span className={`badge ${d.class}`} title={CLASS_MEANING[d.class]}>{d.class}</span> <strong>{d.count}</strong>{" "}
                      <span title={describeCount("actions", d.class)}>{COUNT_LABELS.actions(d.class)}</span> <span className="muted small">({d.actions.join(", ")}{d.count > d.actions.length ? ", …" : ""})</span>
                    </li>
                  ))}
                </ul>
                {credential.assumed ? <p className="note">Assumed from the token&apos;s kind: its real scope could not be learned, so it is scored at the worst case of its kind.</p> : null}
              </>
            )}
          </section>
          <section aria-labelledby="h-cfindings">
            <h2 id="h-cfindings">Findings about it</h2>
            {findings.length === 0 ? (
              <p className="muted">None.</p>
            ) : (
              <ul className="plain row-list">
                {findings.map((f) => (
                  <li key={f.id}>
                    <span className={`badge ${f.severity}`}>{f.severity}</span> <Link href={`/findings/${f.id}`}>{f.title}</Link> <span className={`badge ${f.status}`}>{f.status}</span>
                  </li>
                ))}
              </ul>
            )}
          </section>
        </div>
        <div>
          <section className="panel" aria-labelledby="h-facts">
            <h2 id="h-facts">Facts</h2>
            <dl className="kv">
              <dt>Declared purpose</dt>
              <dd>{credential.purpose ?? <span className="muted">not stated</span>}</dd>
              <dt>Authenticates as</dt>
              <dd>
                {credential.identities.length === 0
                  ? "—"
                  : credential.identities.map((i) => (
                      <div key={i.id}>
                        <Link href={graphFocusHref(i.id)}>{i.name}</Link>
                        {i.assumed ? <span className="muted"> (assumed)</span> : null}
                      </div>
                    ))}
              </dd>
              <dt>Found in</dt>
              <dd>
                {credential.locations.length === 0
                  ? "—"
                  : credential.locations.map((l, i) => (
                      <div key={i} className="loc">
                        {l.file}
                        {l.line ? `:${l.line}` : ""}
                        {l.envVar ? <span className="muted"> ({l.envVar})</span> : null}
                      </div>
                    ))}
              </dd>
            </dl>
          </section>
        </div>
      </div>
    </>
  );
}
