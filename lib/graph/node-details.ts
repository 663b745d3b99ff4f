import type { NodeKind } from "@/lib/graph/types";

/** One node as the graph explorer's details panel shows it (server query and client component share it). */
export interface NodeDetails {
  id: number;
  kind: NodeKind;
  name: string;
  key: string;
  isRef: boolean;
  /** Shown as-is. For a credential: provider, kind, redacted preview, purpose and locations only. */
  props: Record<string, unknown>;
  degree: { in: number; out: number };
}
