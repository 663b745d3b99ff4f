/**
 * The demo estate: on an empty database, collect the made-up engineer's laptop shipped in lib/demo and run
 * it as a sweep (load, analyse, diff), so a newcomer sees agents, credentials and findings at once.
 */
import { workspaceCollector } from "@/lib/collectors/workspace";
import type { Db } from "@/lib/db/client";
import { countNodesByKind } from "@/lib/db/queries/overview";
import { findOrCreateSource } from "@/lib/db/queries/sources";
import { DEMO_MACHINE, demoWorkspaceConfig } from "@/lib/demo";
import { getServerSecrets } from "@/lib/server-secrets";
import { pushBatchAsSweep } from "@/lib/sweeps/push-batch";

export const DEMO_SOURCE = `demo: ${DEMO_MACHINE}`;

export async function loadDemoIfEmpty(db: Db, log: (line: string) => void = console.log): Promise<boolean> {
  const counts = await countNodesByKind(db);
  if (Object.keys(counts).length > 0) return false;
  const { fingerprintKey } = getServerSecrets();
  const batch = await workspaceCollector.collect(demoWorkspaceConfig(), { progress: () => {}, fingerprintKey });
  const source = await findOrCreateSource(db, DEMO_SOURCE, workspaceCollector.name);
  const outcome = await pushBatchAsSweep(db, source, batch, fingerprintKey);
  log(
    `Loaded the demo estate: ${outcome.stats.nodesAdded} nodes, ${outcome.stats.edgesAdded} edges, ` +
      `${outcome.diff.findingsOpened.length} findings.`,
  );
  return true;
}
