import { withDatabase } from "@/lib/cli/database";
import { parseFlags } from "@/lib/cli/main";
import type { CliIo } from "@/lib/cli/output";
import { analyzeGraph } from "@/lib/findings/run-analysis";

/** blastmap analyze — recompute reach and findings over the stored graph. */
export async function analyzeCommand(args: string[], io: CliIo): Promise<number> {
  parseFlags(args, {});
  const result = await withDatabase((db) => analyzeGraph(db));
  io.err(
    `analysis: ${result.agents} agents, ${result.findings} findings (${result.opened} new, ${result.reopened} reopened, ` +
      `${result.resolved} resolved) in ${result.timings.totalMs} ms`,
  );
  return 0;
}
