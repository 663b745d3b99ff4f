import type { Metadata } from "next";
import Link from "@/components/ui/link";
import { notFound } from "next/navigation";
import { changeFindingsStatusAction } from "@/app/(app)/findings/actions";
import { AcceptFindingForm, ReopenFindingForm } from "@/components/findings/finding-status-forms";
import { PathDetails } from "@/components/graph/path-details";
import { PathText } from "@/components/graph/path-text";
import { listFindingEvents, type FindingEvent } from "@/lib/db/queries/finding-triage";
import { getFinding } from "@/lib/db/queries/findings";
import { findNodeByKey, findNodesByKeys } from "@/lib/db/queries/node-lookup";
import { getResourceContext, type ResourceContext } from "@/lib/db/queries/resource-page";
import { getResourceDestroyers, type ResourceDestroyers } from "@/lib/db/queries/resource-reach";
import { severityReason } from "@/lib/findings/severity-reasons";
import { getDb } from "@/lib/db/server-db";
import type { EvidencePath, FindingEvidence } from "@/lib/findings/types";
import { layoutPaths, type LayoutPath } from "@/lib/graph/layout";
import { ACTION_ACCESS, meetsRequirement } from "@/lib/auth/access-table";
import { requirePageAccess } from "@/lib/auth/require-page-access";
import { boundText } from "@/lib/display/bound-text";
import { nodeHref, subjectHref } from "@/lib/links";

export const metadata: Metadata = { title: "Finding" };

const MAX_PATHS = 20;
const MAX_AGENTS = 50;

export default async function FindingPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requirePageAccess("/findings/[id]");
  const mayChangeStatus = meetsRequirement(user, ACTION_ACCESS["/findings#changeFindingsStatusAction"]);
  const { id } = await params;
  const db = await getDb();
  const finding = await getFinding(db, id);
  if (!finding) notFound();
  const [events, agents, target] = await Promise.all([
    listFindingEvents(db, finding.id),
    findNodesByKeys(db, "agent", finding.agentKeys.slice(0, MAX_AGENTS)),
    resourceTarget(db, finding.subjectKind, finding.subjectKey),
  ]);
  const destroyers = target?.destroyers ?? null;
  const reason = severityReason(finding.rule, finding.severity);
  const evidence = finding.evidence as Partial<FindingEvidence>;
  const paths = (Array.isArray(evidence.paths) ? evidence.paths : []).map(evidenceToPath);
  const facts = evidence.facts && typeof evidence.facts === "object" ? Object.entries(evidence.facts) : [];
  const defaultExpiry = dateInDays(90);
  return (
    <>
      <p className="crumbs"><Link href="/findings">Findings</Link> /</p>
      <h1>{finding.title}</h1>
      <p className="subtitle">
        <span className={`badge ${finding.severity}`}>{finding.severity}</span> <span className={`badge ${finding.status}`} data-testid="finding-status">{finding.status}</span>{" "}
        <code>{finding.rule}</code> · {finding.subjectKind}:{" "}
        <Link className="strong-link" href={subjectHref(finding.subjectKind, finding.subjectKey)}>{finding.subjectName}</Link>
      </p>
      <p className="severity-reason" data-testid="severity-reason">
        <strong>Why {finding.severity}:</strong> {reason ?? "see the rule's evidence below."}
        {target ? <> {targetFacts(target.context)}</> : null}
      </p>
      <div className="two-col">
        <div>
          <section className="panel" aria-labelledby="h-why">
            <h2 id="h-why">What was found</h2>
            <p>{evidence.summary ?? "—"}</p>
            {facts.length ? (
              <dl className="kv">
                {facts.map(([k, v]) => (
                  <div key={k} style={{ display: "contents" }}>
                    <dt>{humanize(k)}</dt>
                    <dd>{formatFact(v)}</dd>
                  </div>
                ))}
              </dl>
            ) : null}
          </section>
          {paths.length ? (
            <section aria-labelledby="h-paths">
              <h2 id="h-paths">Evidence {paths.length === 1 ? "path" : `paths (${paths.length})`}</h2>
              {paths.slice(0, MAX_PATHS).map((path, i) => (
                <PathDetails
                  key={i}
                  open={i === 0}
                  testId="evidence-path"
                  graph={layoutPaths([path])}
                  label={`Evidence path ${i + 1}`}
                  summary={
                    <span className="reach-summary">
                      {path.edges.find((e) => e.kind === "can")?.action ? <span className="reach-action">{path.edges.find((e) => e.kind === "can")?.action}</span> : <span>Path</span>}
                      <span className="muted">to</span> <strong>{path.nodes.at(-1)?.name}</strong>
                      {path.class ? <span className={`badge ${path.class}`}>{path.class}</span> : null}
                      {path.assumed ? <span className="tag tag-assumed">assumed from the token&apos;s kind</span> : null}
                    </span>
                  }
                >
                  <PathText path={path} />
                </PathDetails>
              ))}
              {paths.length > MAX_PATHS ? <p className="muted">And {paths.length - MAX_PATHS} more paths.</p> : null}
            </section>
          ) : null}
          <section className="panel" aria-labelledby="h-fix" style={{ marginTop: "1rem" }}>
            <h2 id="h-fix">Remediation</h2>
            <p>{finding.remediation}</p>
          </section>
        </div>
        <div>
          <section className="panel" aria-labelledby="h-status">
            <h2 id="h-status">Status</h2>
            {finding.status === "open" ? (
              mayChangeStatus ? (
                <AcceptFindingForm id={finding.id} action={changeFindingsStatusAction} defaultExpiry={defaultExpiry} />
              ) : (
                <p className="muted">Open. An analyst or an admin may accept it.</p>
              )
            ) : (
              <>
                {finding.status === "accepted" ? (
                  <p>
                    Accepted by <strong>{finding.acceptedBy ?? "someone"}</strong>
                    {finding.acceptedExpiresAt ? <> until {formatDate(finding.acceptedExpiresAt)}</> : " until reopened"}: “{finding.acceptedReason}”
                  </p>
                ) : (
                  <p>Resolved {formatDate(finding.resolvedAt)}: the last analysis no longer produced it.</p>
                )}
                {mayChangeStatus ? <ReopenFindingForm id={finding.id} action={changeFindingsStatusAction} /> : null}
              </>
            )}
          </section>
          <section className="panel" aria-labelledby="h-history" style={{ marginTop: "1rem" }}>
            <h2 id="h-history">History</h2>
            <dl className="kv">
              <dt>First seen</dt>
              <dd>{formatDate(finding.firstSeenAt)}{finding.firstSeenSweep ? ` (sweep ${finding.firstSeenSweep})` : ""}</dd>
              <dt>Last seen</dt>
              <dd>{formatDate(finding.lastSeenAt)}{finding.lastSeenSweep ? ` (sweep ${finding.lastSeenSweep})` : ""}</dd>
              {finding.resolvedAt ? (<><dt>Resolved</dt><dd>{formatDate(finding.resolvedAt)}</dd></>) : null}
              <dt>Finding id</dt>
              <dd><code>{finding.id}</code></dd>
            </dl>
            <h3 className="small-heading">Status changes</h3>
            <StatusTimeline events={events} firstSeenAt={finding.firstSeenAt} />
          </section>
          {destroyers ? (
            <section className="panel" aria-labelledby="h-destroyers" style={{ marginTop: "1rem" }} data-testid="finding-destroyers">
              <h2 id="h-destroyers">Who can destroy {finding.subjectName}</h2>
              <p className="muted small">
                {destroyers.counts.agents} agents, {destroyers.counts.credentials} credentials, {destroyers.counts.identities} identities (D1 on it or on what it dies with).
              </p>
              <ul className="plain row-list">
                {destroyers.agents.map((d) => (
                  <li key={d.node.id}>
                    <span className={`badge ${d.class}`}>{d.class}</span> <Link href={nodeHref("agent", d.node.id)}>{d.node.name}</Link>
                    <span className="muted small">{d.action}{d.via ? ` on ${d.via.name}` : ""}</span>
                  </li>
                ))}
              </ul>
              <p className="small"><Link href={nodeHref(destroyers.resource.kind, destroyers.resource.id)}>Every one of them, with paths →</Link></p>
            </section>
          ) : null}
          <section className="panel" aria-labelledby="h-agents" style={{ marginTop: "1rem" }}>
            <h2 id="h-agents">Agents concerned ({finding.agentKeys.length})</h2>
            {agents.length === 0 ? (
              <p className="muted">{finding.agentKeys.length ? "None of them exists any more." : "No agent: this finding is about the subject alone."}</p>
            ) : (
              <ul className="plain row-list">
                {agents.map((a) => (
                  <li key={a.id}>
                    <Link href={nodeHref("agent", a.id)}>{a.name}</Link>
                  </li>
                ))}
              </ul>
            )}
            {finding.agentKeys.length > MAX_AGENTS ? <p className="muted small">And {finding.agentKeys.length - MAX_AGENTS} more.</p> : null}
          </section>
        </div>
      </div>
    </>
  );
}

/** YYYY-MM-DD, `days` from now: the default acceptance expiry. */
function dateInDays(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

function evidenceToPath(path: EvidencePath): LayoutPath {
  return {
    nodes: path.nodes.map((n) => ({ id: `${n.kind}:${n.key}`, kind: n.kind, name: n.name, key: n.key })),
    edges: path.edges.map((e) => ({ kind: e.kind, action: e.action })),
    class: path.class,
    assumed: path.assumed,
  };
}

function humanize(key: string): string {
  const words = key.replace(/([a-z])([A-Z])/g, "$1 $2").replaceAll("_", " ").toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** A fact as words: lists joined, a location as file:line (variable), other objects as "key: value". */
function formatFact(value: unknown): string {
  if (Array.isArray(value)) return value.map(formatFact).join(", ") || "—";
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (value && typeof value === "object") {
    const v = value as Record<string, unknown>;
    if (typeof v.file === "string") return `${v.file}${typeof v.line === "number" ? `:${v.line}` : ""}${typeof v.envVar === "string" ? ` (${v.envVar})` : ""}`;
    return Object.entries(v).map(([k, inner]) => `${humanize(k).toLowerCase()}: ${formatFact(inner)}`).join("; ");
  }
  return boundText(String(value ?? "—"), 500);
}

function formatDate(value: Date | string | null): string {
  if (!value) return "—";
  return new Date(value).toISOString().slice(0, 16).replace("T", " ") + " UTC";
}

const STATUS_VERB: Record<string, string> = { accepted: "accepted", open: "reopened", resolved: "resolved" };

/** The finding's status changes, newest first, ending with when it was first seen. */
function StatusTimeline({ events, firstSeenAt }: { events: FindingEvent[]; firstSeenAt: Date }) {
  return (
    <ol className="timeline" aria-label="Status history" data-testid="status-history">
      {events.map((e) => (
        <li key={e.id}>
          <div className="when">{formatDate(e.at)}</div>
          <div>
            <strong>{e.actor ?? "The analysis"}</strong> {STATUS_VERB[e.toStatus] ?? e.toStatus} it
            {e.fromStatus ? <span className="muted"> (was {e.fromStatus})</span> : null}
            {e.toStatus === "accepted" ? <span className="muted">{e.expiresAt ? ` until ${formatDate(e.expiresAt)}` : " until reopened"}</span> : null}
            {e.actor === null ? <span className="muted">{e.toStatus === "resolved" ? ": no longer produced" : e.fromStatus === "accepted" ? ": the acceptance lapsed" : ": produced again"}{e.sweepId ? ` (sweep ${e.sweepId})` : ""}</span> : null}
          </div>
          {e.reason ? <q>{e.reason}</q> : null}
        </li>
      ))}
      <li>
        <div className="when">{formatDate(firstSeenAt)}</div>
        <div>First seen, open</div>
      </li>
    </ol>
  );
}

/** For a finding about a resource or recovery copy: who can destroy it (named agents, not a count), what it holds. */
async function resourceTarget(db: Awaited<ReturnType<typeof getDb>>, kind: string, key: string): Promise<{ destroyers: ResourceDestroyers; context: ResourceContext } | null> {
  if (kind !== "resource" && kind !== "recovery_copy") return null;
  const node = await findNodeByKey(db, kind, key);
  if (!node) return null;
  const [destroyers, context] = await Promise.all([getResourceDestroyers(db, node.id, { limit: 10 }), getResourceContext(db, node.id)]);
  return { destroyers, context };
}

/** What the target holds, and whether a copy of it survives: the facts severity turns on. */
function targetFacts(context: ResourceContext): string {
  const holds = context.childCount + context.storedHere.length;
  const held = holds === 0 ? "It holds nothing else known." : `It holds ${holds} other ${holds === 1 ? "thing" : "things"} that die with it.`;
  const copies = context.recoveryCopies;
  const surviving = copies.filter((c) => !c.diesWithIt);
  const copy =
    copies.length === 0
      ? "No recovery copy is known."
      : surviving.length === 0
        ? `Its ${copies.length === 1 ? "recovery copy dies" : `${copies.length} recovery copies die`} with it.`
        : `${surviving.length} of its ${copies.length} recovery ${copies.length === 1 ? "copy is" : "copies are"} kept elsewhere.`;
  return `${held} ${copy}`;
}
