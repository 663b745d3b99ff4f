/** A workspace-shaped batch of `files` files one agent reads; `variant` renames them, so two sweeps differ everywhere. */
import type { GraphBatch } from "@/lib/graph/types";

export function estateBatch(files: number, variant: string): GraphBatch {
  const agent = { kind: "agent" as const, key: "agent:estate:cursor:/w", name: `estate agent (${variant})` };
  const nodes = Array.from({ length: files }, (_, i) => ({ kind: "file" as const, key: `file:estate:/w/${variant}/f${i}.ts`, name: `f${i}.ts`, props: { variant } }));
  return {
    collector: "workspace",
    nodes: [agent, ...nodes],
    edges: nodes.map((file) => ({ kind: "can_read" as const, src: agent, dst: { kind: file.kind, key: file.key } })),
  };
}
