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

/** Who can destroy a resource, as the explorer's node panel lists it (the first few of each kind). */
export interface PanelDestroyer {
  id: number;
  kind: NodeKind;
  name: string;
  class: "D1" | "D2";
  action: string;
  via: string | null;
  hops: number;
}

export interface PanelDestroyers {
  counts: { agents: number; credentials: number; identities: number };
  agents: PanelDestroyer[];
  credentials: PanelDestroyer[];
  identities: PanelDestroyer[];
}
