import type { Metadata } from "next";
import Link from "@/components/ui/link";
import { notFound } from "next/navigation";
import { Suspense } from "react";
import { EnforcementTable } from "@/components/agents/enforcement-table";
import { loadAgentReachPage, parseReachPageScope, rowPathsHref, type AgentReachPage, type ReachPageScope } from "@/components/agents/agent-reach";
import { RESOURCES_PER_CLASS } from "@/components/agents/reach-groups";
import { CLASS_MEANING } from "@/components/graph/node-style";
import { RemotePathDetails } from "@/components/graph/path-details";
import { EmptyState } from "@/components/ui/empty-state";
import { getAgentNode } from "@/lib/db/queries/agents";
import type { ReachNode } from "@/lib/db/queries/reach";
import { parseRowId } from "@/lib/db/row-id";
import { getDb } from "@/lib/db/server-db";
import { boundText } from "@/lib/display/bound-text";
import { AppError } from "@/lib/errors";
import type { ActionClass } from "@/lib/graph/types";
import { nodeHref } from "@/lib/links";
import { requirePageAccess } from "@/lib/auth/require-page-access";
import { enforcementByClass } from "@/lib/guard/enforcement";

/** Thousands grouped, the same on the server and in every browser. */
const COUNT = new Intl.NumberFormat("en-US");

export const metadata: Metadata = { title: "Agent" };

export default async function AgentPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePageAccess("/agents/[id]");
  const id = parseRowId((await params).id);
  if (id === null) notFound();
  // Existence first, by one cheap row: the 404 must be decided before anything streams (no loading.tsx
  // wraps this page); the reach, which takes longer, streams in below under its own fallback.
  const agent = await getAgentNode(await getDb(), id);
  if (!agent) notFound();
  const scope = parseReachPageScope(await searchParams);
  const facts = agentFacts(agent.props);
  return (
    <>
      <p className="crumbs">
        <Link href="/agents">Agents</Link> /{" "}
        {scope.only ? (
          <>
            <Link href={`/agents/${agent.id}`}>{agent.name}</Link> /
          </>
        ) : null}
      </p>
      <h1>What can {agent.name} reach?</h1>
      <p className="subtitle">
        Every destructive action this agent can reach through the files it reads, the credentials in them and the identities they
        authenticate as. Open a row to see its path. <Link href={`/graph?agent=${agent.id}`}>Open in the graph explorer</Link> ·{" "}
        <Link href={`/findings?agent=${agent.id}`}>Findings for this agent</Link>
      </p>
      {facts.length ? (
        <dl className="facts panel">
          {facts.map(([term, value]) => (
            <div key={term}>
              <dt>{term}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
      ) : null}
      <Suspense fallback={<p className="loading" role="status">Computing what this agent can reach…</p>}>
        <AgentReachSections agent={agent} scope={scope} />
      </Suspense>
    </>
  );
}

/** What the agent can destroy, class by class: the slow part of the page, streamed after its heading. */
async function AgentReachSections({ agent, scope }: { agent: ReachNode & { props: Record<string, unknown> }; scope: ReachPageScope }) {
  let loaded: AgentReachPage;
  try {
    const { id, kind, key, name } = agent;
    loaded = await loadAgentReachPage(await getDb(), { id, kind, key, name }, scope);
  } catch (error) {
    // Pruned since the page checked: the heading has streamed already, so say so here.
    if (error instanceof AppError && error.code === "not_found:agent") return <p className="note">This agent no longer exists: the last sweep pruned it.</p>;
    throw error;
  }
  const { reach, groups, skipped } = loaded;
  const pageOf = (cls: ActionClass, page: number) => `/agents/${reach.agent.id}?class=${cls}&page=${page}`;
  return (
    <>
      <section aria-label="Summary" className="class-summary">
        {groups.map((g) => (
          <a key={g.class} href={`#class-${g.class}`} className="class-pill">
            <span className={`badge ${g.class}`}>{g.class}</span> {CLASS_MEANING[g.class]}: <strong>{COUNT.format(skipped + g.resources.length + g.hidden)}</strong>{" "}
            {skipped + g.resources.length + g.hidden === 1 ? "resource" : "resources"}
          </a>
        ))}
      </section>
      <EnforcementTable rows={enforcementByClass(agent.props)} reached={reach.resources} />
      {groups.length === 0 ? (
        <EmptyState title="No destructive action reachable">
          <p>
            This agent reaches no credential that can destroy anything. If you expected otherwise, check
            that the permission sources for its credentials (cloud account, database, cluster) have been swept on the <Link href="/sources">Sources</Link> page.
          </p>
        </EmptyState>
      ) : null}
      {groups.map((group) => (
        <section key={group.class} id={`class-${group.class}`} aria-labelledby={`h-${group.class}`}>
          <h2 id={`h-${group.class}`}>
            <span className={`badge ${group.class}`}>{group.class}</span> {CLASS_MEANING[group.class]}
          </h2>
          {group.resources.map((res) => (
            <RemotePathDetails
              key={res.resource.id}
              testId="reach-row"
              src={rowPathsHref(reach.agent.id, scope, group.class, res.resource.id)}
              label={`Path from ${reach.agent.name} to ${res.actions.join(", ")} on ${res.resource.name}`}
              summary={
                <span className="reach-summary">
                  <span className="reach-action">{res.actions.join(", ")}</span>
                  <span className="muted">on</span>{" "}
                  <Link href={nodeHref(res.resource.kind, res.resource.id)} title={`Who can destroy ${boundText(res.resource.name, 400)}`}>
                    <strong>{boundText(res.resource.name)}</strong>
                  </Link>
                  {res.via ? <span className="muted"> — {res.via}</span> : null}
                  {res.credentials.length ? <span className="muted small">via {res.credentials.join(", ")}</span> : null}
                  {res.holds > 0 ? <span className="tag">takes {res.holds} more with it</span> : null}
                  {res.assumed ? <span className="tag tag-assumed">assumed from the token&apos;s kind</span> : null}
                  {res.conditional ? <span className="tag tag-conditional">conditional</span> : null}
                </span>
              }
              notes={
                res.assumed || res.conditional ? (
                  <>
                    {res.assumed ? (
                      <p className="note">
                        <strong>Assumed from the token&apos;s kind:</strong> the real scope of this credential could not be learned, so it is scored at the
                        worst case of its kind (dashed edges).
                      </p>
                    ) : null}
                    {res.conditional ? (
                      <p className="note">
                        <strong>Conditional:</strong> a condition applies to this permission that could not be shown to restrict it (dotted edges).
                      </p>
                    ) : null}
                  </>
                ) : null
              }
            />
          ))}
          {skipped > 0 || group.hidden > 0 ? (
            <p className="muted" data-testid="reach-pages">
              {skipped > 0 ? `Resources ${COUNT.format(skipped + 1)}–${COUNT.format(skipped + group.resources.length)} of ${COUNT.format(skipped + group.resources.length + group.hidden)} in ${group.class}. ` : null}
              {scope.only && scope.page > 1 ? <><Link href={pageOf(group.class, scope.page - 1)}>Previous {RESOURCES_PER_CLASS}</Link>{" · "}</> : null}
              {group.hidden > 0 ? (
                <>
                  And {COUNT.format(group.hidden)} more resources in {group.class}: <Link href={pageOf(group.class, scope.page + 1)}>show the next {Math.min(RESOURCES_PER_CLASS, group.hidden)}</Link>, or{" "}
                </>
              ) : null}
              <Link href={`/graph?agent=${reach.agent.id}&classes=${group.class}`}>see them all in the graph explorer</Link>.
            </p>
          ) : null}
        </section>
      ))}
      <p className="muted">
        Read and write actions (not destructive) are in the <Link href={`/graph?agent=${reach.agent.id}&classes=W,R`}>graph explorer</Link>.
      </p>
    </>
  );
}

function agentFacts(props: Record<string, unknown>): [string, string][] {
  const facts: [string, string][] = [];
  if (typeof props.agentKind === "string") facts.push(["Kind", props.agentKind]);
  if (typeof props.approvalMode === "string") facts.push(["Approval mode", props.approvalMode === "bypass" ? "bypass (no approval before actions)" : props.approvalMode]);
  if (typeof props.unrestrictedShell === "boolean") facts.push(["Shell", props.unrestrictedShell ? "unrestricted" : "restricted"]);
  if (typeof props.sandbox === "string") facts.push(["Sandbox", props.sandbox]);
  if (typeof props.workspaceRoot === "string") facts.push(["Workspace", props.workspaceRoot]);
  if (Array.isArray(props.configFiles) && props.configFiles.length) facts.push(["Config files", props.configFiles.join(", ")]);
  if (Array.isArray(props.ineffectiveDenies) && props.ineffectiveDenies.length) facts.push(["Deny rules that do not hold", props.ineffectiveDenies.join(", ")]);
  return facts;
}
