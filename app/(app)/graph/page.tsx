import type { Metadata } from "next";
import { EmptyState } from "@/components/ui/empty-state";

export const metadata: Metadata = { title: "Graph" };

export default function GraphPage() {
  return (
    <>
      <h1>Graph</h1>
      <EmptyState title="Nothing to draw yet">
        <p>The graph fills in as soon as a collector sweep has been ingested.</p>
      </EmptyState>
    </>
  );
}
