/**
 * How much one sweep of a source may hold, however it arrives. Every node and agent costs the analysis
 * and the pages after it, so a batch far past any real estate (a million agents) is refused with 413
 * before it is stored, instead of holding the server and then running it out of memory.
 */
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import type { ValidGraphBatch } from "@/lib/graph/types";

export interface SourceLimits {
  nodes: number;
  edges: number;
  agents: number;
}

export function sourceLimits(): SourceLimits {
  const env = getEnv();
  return { nodes: env.BLASTMAP_SOURCE_MAX_NODES, edges: env.BLASTMAP_SOURCE_MAX_EDGES, agents: env.BLASTMAP_SOURCE_MAX_AGENTS };
}

export function assertWithinSourceLimits(batch: Pick<ValidGraphBatch, "nodes" | "edges">, limits: SourceLimits = sourceLimits()): void {
  let agents = 0;
  for (const node of batch.nodes) if (node.kind === "agent") agents++;
  const over = (count: number, limit: number, what: string, setting: string) =>
    new AppError(
      "payload_too_large:batch",
      `This batch holds ${count.toLocaleString("en-US")} ${what}; one source may hold at most ${limit.toLocaleString("en-US")} (${setting}).`,
    );
  if (batch.nodes.length > limits.nodes) throw over(batch.nodes.length, limits.nodes, "nodes", "BLASTMAP_SOURCE_MAX_NODES");
  if (batch.edges.length > limits.edges) throw over(batch.edges.length, limits.edges, "edges", "BLASTMAP_SOURCE_MAX_EDGES");
  if (agents > limits.agents) throw over(agents, limits.agents, "agents", "BLASTMAP_SOURCE_MAX_AGENTS");
}
