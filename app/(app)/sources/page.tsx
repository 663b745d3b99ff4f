import type { Metadata } from "next";
import { EmptyState } from "@/components/ui/empty-state";

export const metadata: Metadata = { title: "Sources" };

export default function SourcesPage() {
  return (
    <>
      <h1>Sources</h1>
      <EmptyState title="No sources yet">
        <p>A source is a collector and its configuration. Ingest a batch with <code>npx blastmap ingest FILE --source NAME</code> to create one.</p>
      </EmptyState>
    </>
  );
}
