import type { Metadata } from "next";
import { EmptyState } from "@/components/ui/empty-state";

export const metadata: Metadata = { title: "Agents" };

export default function AgentsPage() {
  return (
    <>
      <h1>Agents</h1>
      <EmptyState title="No agents found yet">
        <p>Agents appear here after a workspace sweep. Run <code>npx blastmap collect workspace --root DIR</code> on a machine where agents run, then ingest or push the batch.</p>
      </EmptyState>
    </>
  );
}
