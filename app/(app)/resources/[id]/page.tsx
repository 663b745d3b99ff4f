import type { Metadata } from "next";
import Link from "@/components/ui/link";
import { notFound } from "next/navigation";
import { PathText, KindChip } from "@/components/graph/path-text";
import { CLASS_MEANING } from "@/components/graph/node-style";
import { EmptyState } from "@/components/ui/empty-state";
import { listFindingsAboutSubject } from "@/lib/db/queries/finding-triage";
import { getNodeRef } from "@/lib/db/queries/node-lookup";
import { getResourceContext } from "@/lib/db/queries/resource-page";
import { findPaths, getResourceDestroyers, type NamedPath, type ResourceDestroyer } from "@/lib/db/queries/resource-reach";
import { parseRowId } from "@/lib/db/row-id";
import { getDb } from "@/lib/db/server-db";
import type { LayoutPath } from "@/lib/graph/layout";
import { graphFocusHref, nodeHref } from "@/lib/links";
import { requirePageAccess } from "@/lib/auth/require-page-access";

export const metadata: Metadata = { title: "Resource" };

type Search = Promise<Record<string, string | string[] | undefined>>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? "";
const COUNT = new Intl.NumberFormat("en");

export default async function ResourcePage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Search }) {
  await requirePageAccess("/resources/[id]");
  const id = parseRowId((await params).id);
  if (id === null) notFound();
  const db = await getDb();
  const node = await getNodeRef(db, id);
  if (!node || (node.kind !== "resource" && node.kind !== "recovery_copy")) notFound();
  const fromParam = one((await searchParams).from);
  const [destroyers, context, findings] = await Promise.all([
    getResourceDestroyers(db, node.id, { limit: 50 }),
    getResourceContext(db, node.id),
    listFindingsAboutSubject(db, node.kind, node.key),
  ]);
  const fromId = parseRowId(fromParam);
  const from = fromId !== null ? await findPaths(db, fromId, node.id, { limit: 20 }).catch(() => null) : null;
  const isCopy = node.kind === "recovery_copy";
  const kindLabel = isCopy ? "Recovery copy" : typeof node.props.type === "string" ? `Resource · ${node.props.type}` : "Resource";
  const { counts } = destroyers;
  return (
    <>
      <p className="crumbs">
        <Link href="/graph">Graph</Link> / {context.parents.length ? [...context.parents].reverse().map((p) => (
          <span key={p.id}>
            <Link href={nodeHref(p.kind, p.id)}>{p.name}</Link> /{" "}
          </span>
        )) : null}
      </p>
      <h1 className="title-break">{node.name}</h1>
      <p className="subtitle">
        {kindLabel} · <code className="key">{node.key}</code> · <Link href={graphFocusHref(node.id)}>Show in the graph</Link>
      </p>

      <section className="panel" aria-labelledby="h-destroyers">
        <h2 id="h-destroyers">Who can destroy this</h2>
        <p className="muted small" data-testid="destroyer-counts">
          <strong>{COUNT.format(counts.agents)}</strong> {counts.agents === 1 ? "agent" : "agents"}, <strong>{COUNT.format(counts.credentials)}</strong>{" "}
          {counts.credentials === 1 ? "credential" : "credentials"} and <strong>{COUNT.format(counts.identities)}</strong>{" "}
          {counts.identities === 1 ? "identity" : "identities"} can destroy it: {isCopy ? "D2 (delete the copy) on it, or D1 on what it is kept in" : "D1 on it, or D1 on what contains it (it dies with its container)"}. Each is
          counted once, by its shortest path; D1 first, then fewest hops.
        </p>
        {counts.agents + counts.credentials + counts.identities === 0 ? (
          <EmptyState title="Nothing can destroy it, as far as the graph knows">
            <p>No agent, credential or identity reaches a destructive action on it. Sweep the sources that grant access to it to be sure.</p>
          </EmptyState>
        ) : (
          <>
            <DestroyerList title="Agents" testId="destroyer-agents" list={destroyers.agents} total={counts.agents} resourceId={node.id} showPathsLink />
            <DestroyerList title="Credentials" testId="destroyer-credentials" list={destroyers.credentials} total={counts.credentials} resourceId={node.id} showPathsLink />
            <DestroyerList title="Identities" testId="destroyer-identities" list={destroyers.identities} total={counts.identities} resourceId={node.id} showPathsLink />
          </>
        )}
      </section>

      {from ? (
        <section className="panel" aria-labelledby="h-paths" id="paths">
          <h2 id="h-paths">
            Paths from <Link href={nodeHref(from.from.kind, from.from.id)}>{from.from.name}</Link>
          </h2>
          {from.hops === null ? (
            <p>No path: {from.from.name} cannot reach this {isCopy ? "copy" : "resource"}.</p>
          ) : (
            <>
              <p className="muted small">
                Every shortest path ({from.hops} hops){from.truncated ? `; the first ${from.paths.length} are shown` : ""}.
              </p>
              {from.paths.map((p, i) => (
                <PathText key={i} path={toLayoutPath(p)} />
              ))}
            </>
          )}
        </section>
      ) : null}

      <div className="two-col" style={{ marginTop: "1rem" }}>
        <section className="panel" aria-labelledby="h-holds">
          <h2 id="h-holds">What dies with it</h2>
          {context.childCount === 0 && context.storedHere.length === 0 ? <p className="muted">Nothing else is known to be inside it.</p> : null}
          {context.childCount > 0 ? (
            <>
              <h3 className="small-heading">Contains ({context.childCount})</h3>
              <ul className="plain chips-list">
                {context.children.map((c) => (
                  <li key={c.id}><KindChip kind={c.kind} name={c.name} href={nodeHref(c.kind, c.id)} /></li>
                ))}
              </ul>
            </>
          ) : null}
          {context.storedHere.length ? (
            <>
              <h3 className="small-heading">Recovery copies kept in it</h3>
              <ul className="plain chips-list">
                {context.storedHere.map((c) => (
                  <li key={c.id}><KindChip kind={c.kind} name={c.name} href={nodeHref(c.kind, c.id)} /></li>
                ))}
              </ul>
            </>
          ) : null}
        </section>
        {!isCopy ? (
          <section className="panel" aria-labelledby="h-copies">
            <h2 id="h-copies">Does a copy survive?</h2>
            {context.recoveryCopies.length === 0 ? (
              <p><strong>No recovery copy is known.</strong> Destroying it loses the data.</p>
            ) : (
              <ul className="plain row-list copy-list">
                {context.recoveryCopies.map((c) => (
                  <li key={c.id}>
                    <KindChip kind={c.kind} name={c.name} href={nodeHref(c.kind, c.id)} />
                    <span className="small">
                      {c.diesWithIt ? (
                        <strong className="danger-text">dies with it (kept inside {c.storedIn?.name})</strong>
                      ) : c.storedIn ? (
                        <>kept in <Link href={nodeHref(c.storedIn.kind, c.storedIn.id)}>{c.storedIn.name}</Link></>
                      ) : (
                        <span className="muted">where it is kept is unknown</span>
                      )}
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </section>
        ) : null}
      </div>

      <section aria-labelledby="h-findings">
        <h2 id="h-findings">Findings about it</h2>
        {findings.length === 0 ? (
          <p className="muted">None.</p>
        ) : (
          <ul className="plain row-list">
            {findings.map((f) => (
              <li key={f.id}>
                <span className={`badge ${f.severity}`}>{f.severity}</span> <Link href={`/findings/${f.id}`}>{f.title}</Link>{" "}
                <span className={`badge ${f.status}`}>{f.status}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

function DestroyerList({ title, list, total, resourceId, testId, showPathsLink }: { title: string; list: ResourceDestroyer[]; total: number; resourceId: number; testId: string; showPathsLink?: boolean }) {
  if (total === 0) return null;
  return (
    <>
      <h3 className="small-heading">
        {title} ({COUNT.format(total)})
      </h3>
      <ol className="destroyers" data-testid={testId}>
        {list.map((d) => (
          <li key={d.node.id}>
            <div className="destroyer-head">
              <span className={`badge ${d.class}`} title={CLASS_MEANING[d.class]}>{d.class}</span>
              <Link className="strong-link" href={nodeHref(d.node.kind, d.node.id)}>{d.node.name}</Link>
              <span className="muted small">
                {d.action}
                {d.via ? <> on <Link href={nodeHref(d.via.kind, d.via.id)}>{d.via.name}</Link> (it dies with it)</> : null} · {d.hops} {d.hops === 1 ? "hop" : "hops"}
              </span>
              {showPathsLink ? (
                <Link className="small" href={`/resources/${resourceId}?from=${d.node.id}#paths`}>
                  all shortest paths
                </Link>
              ) : null}
            </div>
            <PathText path={toLayoutPath(d.path)} />
          </li>
        ))}
      </ol>
      {total > list.length ? <p className="muted small">And {COUNT.format(total - list.length)} more {title.toLowerCase()}.</p> : null}
    </>
  );
}

function toLayoutPath(path: NamedPath): LayoutPath {
  return {
    nodes: path.nodes.map((n) => ({ id: String(n.id), kind: n.kind, name: n.name, nodeId: n.id })),
    edges: path.edges.map((e) => ({ kind: e.kind, action: e.action })),
  };
}
