import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { acceptFindingAction, reopenFindingAction } from "@/app/(app)/findings/actions";
import { AcceptFindingForm, ReopenFindingForm } from "@/components/findings/finding-status-forms";
import { PathDetails } from "@/components/graph/path-details";
import { PathText } from "@/components/graph/path-text";
import { getFinding } from "@/lib/db/queries/findings";
import { getDb } from "@/lib/db/server-db";
import type { EvidencePath, FindingEvidence } from "@/lib/findings/types";
import { layoutPaths, type LayoutPath } from "@/lib/graph/layout";
import { ACTION_ACCESS, meetsRequirement } from "@/lib/auth/access-table";
import { requirePageAccess } from "@/lib/auth/require-page-access";

export const metadata: Metadata = { title: "Finding" };

const MAX_PATHS = 20;

export default async function FindingPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requirePageAccess("/findings/[id]");
  const mayChangeStatus = meetsRequirement(user, ACTION_ACCESS["/findings#acceptFindingAction"]);
  const { id } = await params;
  const finding = await getFinding(await getDb(), id);
  if (!finding) notFound();
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
        <code>{finding.rule}</code> · {finding.subjectKind}: <strong>{finding.subjectName}</strong>
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
                <AcceptFindingForm id={finding.id} action={acceptFindingAction} defaultExpiry={defaultExpiry} />
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
                {mayChangeStatus ? <ReopenFindingForm id={finding.id} action={reopenFindingAction} /> : null}
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
              <dt>Agents</dt>
              <dd>{finding.agentKeys.length ? finding.agentKeys.length : "none"}</dd>
              <dt>Finding id</dt>
              <dd><code>{finding.id}</code></dd>
            </dl>
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
    nodes: path.nodes.map((n) => ({ id: `${n.kind}:${n.key}`, kind: n.kind, name: n.name })),
    edges: path.edges.map((e) => ({ kind: e.kind, action: e.action })),
    class: path.class,
    assumed: path.assumed,
  };
}

function humanize(key: string): string {
  const words = key.replace(/([a-z])([A-Z])/g, "$1 $2").replaceAll("_", " ").toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function formatFact(value: unknown): string {
  if (Array.isArray(value)) return value.map((v) => (typeof v === "object" ? JSON.stringify(v) : String(v))).join(", ") || "—";
  if (value && typeof value === "object") return JSON.stringify(value);
  return String(value ?? "—");
}

function formatDate(value: Date | string | null): string {
  if (!value) return "—";
  return new Date(value).toISOString().slice(0, 16).replace("T", " ") + " UTC";
}
