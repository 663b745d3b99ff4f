/**
 * The demo estate: on an empty database, collect the made-up engineer's laptop shipped in lib/demo and
 * ingest it, then analyse, so a newcomer sees agents, credentials and findings at once.
 */
import { workspaceCollector } from "@/lib/collectors/workspace";
import type { Db } from "@/lib/db/client";
import { countNodesByKind } from "@/lib/db/queries/overview";
import { DEMO_MACHINE, demoWorkspaceConfig } from "@/lib/demo";
import { analyzeGraph } from "@/lib/findings/run-analysis";
import { ingestBatch } from "@/lib/graph/ingest";
import { getServerSecrets } from "@/lib/server-secrets";

export const DEMO_SOURCE = `demo: ${DEMO_MACHINE}`;

export async function loadDemoIfEmpty(db: Db, log: (line: string) => void = console.log): Promise<boolean> {
  const counts = await countNodesByKind(db);
  if (Object.keys(counts).length > 0) return false;
  const batch = await workspaceCollector.collect(demoWorkspaceConfig(), { progress: () => {}, fingerprintKey: getServerSecrets().fingerprintKey });
  const ingest = await ingestBatch(db, DEMO_SOURCE, batch);
  const analysis = await analyzeGraph(db, { sweepId: ingest.sweepId });
  log(`Loaded the demo estate: ${ingest.stats.nodesAdded} nodes, ${ingest.stats.edgesAdded} edges, ${analysis.findings} findings.`);
  return true;
}
