import type { Metadata } from "next";
import { EmptyState } from "@/components/ui/empty-state";

export const metadata: Metadata = { title: "Credentials" };

export default function CredentialsPage() {
  return (
    <>
      <h1>Credentials</h1>
      <EmptyState title="No credentials found yet">
        <p>Credentials in files your agents can read show up here, only ever as a fingerprint and a redacted preview.</p>
      </EmptyState>
    </>
  );
}
