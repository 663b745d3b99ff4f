/**
 * The batch producer for a configured source: its collector, with its stored config and its sealed
 * secrets merged back in at the last moment, so the plain secret exists only in this call.
 */
import { isCollectorName, loadCollector } from "@/lib/collectors/registry";
import type { Source } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { formatIssuePath, issueMessage } from "@/lib/issue-text";
import type { BatchProducer } from "@/lib/sweeps/run-sweep";
import { assertSourceWithinReach, serverReach } from "@/lib/sweeps/server-reach";
import { mergeSecrets, openSecrets } from "@/lib/sweeps/source-secrets";

export function sourceBatchProducer(source: Source, configKey: Buffer): BatchProducer {
  return async (ctx) => {
    if (!isCollectorName(source.collector)) {
      throw new AppError("bad_request:config", `Source "${source.name}" uses collector "${source.collector}", which this server does not have; it can only receive pushed batches.`);
    }
    const collector = await loadCollector(source.collector);
    const config = mergeSecrets(source.config, openSecrets(source.secretConfig, configKey));
    const parsed = collector.configSchema.safeParse(config);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new AppError("bad_request:config", `Source "${source.name}" config ${formatIssuePath(issue.path) || "config"}: ${issueMessage(issue)}`);
    }
    // What the server may read and reach (F9): checked here for the paths and hosts the source names, and
    // by the collector for what those lead to (folders an agent's config exposes).
    const reach = serverReach();
    assertSourceWithinReach(source.collector, parsed.data as Record<string, unknown>, reach);
    return collector.collect(parsed.data, { ...ctx, scope: reach.files });
  };
}
