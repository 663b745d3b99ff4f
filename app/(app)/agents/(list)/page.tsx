import type { Metadata } from "next";
import Link from "next/link";
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
              <th scope="col" className="num">Can destroy data (D1)</th>
              <th scope="col" className="num">Can destroy recovery (D2)</th>
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
                <td className="num">{agent.d1 > 0 ? <span className="badge D1">{agent.d1}</span> : 0}</td>
                <td className="num">{agent.d2 > 0 ? <span className="badge D2">{agent.d2}</span> : 0}</td>
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
