import type { Metadata } from "next";
import Link from "@/components/ui/link";
import { EmptyState } from "@/components/ui/empty-state";
import { Pager } from "@/components/ui/pager";
import { listAgentSummaries } from "@/lib/db/queries/agents";
import { getDb } from "@/lib/db/server-db";
import { requirePageAccess } from "@/lib/auth/require-page-access";

export const metadata: Metadata = { title: "Agents" };

const PAGE_SIZE = 100;

type Search = Promise<Record<string, string | string[] | undefined>>;

export default async function AgentsPage({ searchParams }: { searchParams: Search }) {
  await requirePageAccess("/agents");
  const requested = Number((await searchParams).page);
  const { rows: agents, total, page, pageSize } = await listAgentSummaries(await getDb(), { page: Number.isFinite(requested) ? requested : 1, pageSize: PAGE_SIZE });
  const pages = Math.ceil(total / pageSize);
  return (
    <>
      <h1>Agents</h1>
      <p className="subtitle">Every AI agent found, worst first: how much primary data (D1) and recovery (D2) it could destroy.</p>
      {total === 0 ? (
        <EmptyState title="No agents found yet">
          <p>Agents appear here after a workspace sweep. Run <code>npx blastmap collect workspace --root DIR</code> on a machine where agents run, then ingest or push the batch.</p>
        </EmptyState>
      ) : (
        <>
        {pages > 1 ? <p className="muted small" role="status">Agents {(page - 1) * pageSize + 1}–{(page - 1) * pageSize + agents.length} of {total}</p> : null}
        <table className="data" aria-label="Agents">
          <thead>
            <tr>
              <th scope="col">Agent</th>
              <th scope="col">Kind</th>
              <th scope="col">Approval</th>
              <th scope="col" className="num">Primary data it can destroy (D1)</th>
              <th scope="col" className="num">Recovery it can destroy (D2)</th>
              <th scope="col" className="num">Open findings</th>
            </tr>
          </thead>
          <tbody>
            {agents.map((agent) => (
              <tr key={agent.id}>
                <td>
                  <Link href={`/agents/${agent.id}`} className="strong-link">{agent.name}</Link>
                  {agent.workspaceRoot ? <div className="muted small">{agent.workspaceRoot}</div> : null}
                </td>
                <td>{agent.agentKind ?? "—"}</td>
                <td>
                  {agent.approvalMode ?? "—"}
                  {agent.unrestrictedShell ? <div className="muted small">unrestricted shell</div> : null}
                </td>
                <td className="num">{destroys(agent.counts.resources.D1, agent.d1, "D1")}</td>
                <td className="num">{destroys(agent.counts.resources.D2, agent.d2, "D2")}</td>
                <td className="num">
                  {agent.openFindings > 0 ? <Link href={`/findings?agent=${agent.id}`}>{agent.openFindings}</Link> : 0}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <Pager page={page} pages={pages} hrefFor={(p) => `/agents?page=${p}`} label="Agents pages" />
        </>
      )}
    </>
  );
}

/** Resources, as the agent page counts them, with the actions that reach them (the counting rule). */
function destroys(resources: number, actions: number, cls: "D1" | "D2") {
  if (resources === 0) return 0;
  return (
    <>
      <span className={`badge ${cls}`}>{resources}</span> {resources === 1 ? "resource" : "resources"}
      <div className="muted small">
        {actions} {cls} {actions === 1 ? "action" : "actions"}
      </div>
    </>
  );
}
