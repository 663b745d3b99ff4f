import type { Metadata } from "next";
import { EmptyState } from "@/components/ui/empty-state";

export const metadata: Metadata = { title: "Findings" };

export default function FindingsPage() {
  return (
    <>
      <h1>Findings</h1>
      <EmptyState title="No findings yet">
        <p>Findings are computed after every sweep: over-scoped, shared and dormant credentials, backups in the blast radius, ungated destructive agents.</p>
      </EmptyState>
    </>
  );
}
