import type { Metadata } from "next";
import { EmptyState } from "@/components/ui/empty-state";
import { countNodesByKind } from "@/lib/db/queries/overview";
import { getDb } from "@/lib/db/server-db";

export const metadata: Metadata = { title: "Overview" };

const COUNTED = [
  { kind: "agent", label: "Agents" },
  { kind: "credential", label: "Credentials" },
  { kind: "identity", label: "Identities" },
  { kind: "resource", label: "Resources" },
] as const;

export default async function OverviewPage() {
  const counts = await countNodesByKind(await getDb());
  const total = Object.values(counts).reduce((sum, n) => sum + (n ?? 0), 0);
  return (
    <>
      <h1>Overview</h1>
      <p className="subtitle">Every agent, what it can read, and what it could destroy.</p>
      <section className="cards" aria-label="Counts">
        {COUNTED.map(({ kind, label }) => (
          <div className="panel card" key={kind}>
            <div className="value">{counts[kind] ?? 0}</div>
            <div className="label">{label}</div>
          </div>
        ))}
      </section>
      {total === 0 ? (
        <>
          <h2>Get started</h2>
          <EmptyState title="No sweeps yet">
            <p>
              Collect a workspace with <code>npx blastmap collect workspace --root ~/projects/app --out batch.json</code>, then
              load it with <code>npx blastmap ingest batch.json</code>.
            </p>
          </EmptyState>
        </>
      ) : null}
    </>
  );
}
