import fs from "node:fs";
import path from "node:path";
import { withDatabase } from "@/lib/cli/database";
import { parseFlags } from "@/lib/cli/main";
import type { CliIo } from "@/lib/cli/output";
import { AppError } from "@/lib/errors";
import { analyzeGraph } from "@/lib/findings/run-analysis";
import { ingestBatch } from "@/lib/graph/ingest";

/**
 * blastmap ingest FILE… [--source NAME] — each file is one sweep of its source (by default the file's name
 * without extension); with --source, the files are one source's sweeps in order. Analysis runs once at the end.
 */
export async function ingestCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseFlags(args, { source: { type: "string" } }, true);
  if (positionals.length === 0) throw new AppError("bad_request:usage", "name at least one batch file");
  const batches = positionals.map((file) => ({ file, source: values.source ?? path.basename(file).replace(/\.[^.]*$/, ""), batch: readBatchFile(file) }));

  await withDatabase(async (db) => {
    for (const { file, source, batch } of batches) {
      try {
        const result = await ingestBatch(db, source, batch);
        const s = result.stats;
        io.err(
          `${file}: sweep ${result.sweepId} of source "${source}": nodes +${s.nodesAdded} ~${s.nodesUpdated} -${s.nodesPruned}, ` +
            `edges +${s.edgesAdded} ~${s.edgesUpdated} -${s.edgesPruned}`,
        );
      } catch (error) {
        if (error instanceof AppError) throw new AppError(error.code, `${file}: ${error.message}`, { cause: error });
        throw error;
      }
    }
    const analysis = await analyzeGraph(db);
    io.err(`analysis: ${analysis.findings} findings (${analysis.opened} new, ${analysis.resolved} resolved)`);
  });
  return 0;
}

function readBatchFile(file: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    throw new AppError("bad_request:input", `cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? "error"})`, { cause: error });
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    // Newer Node versions quote the surrounding text in the message, which may hold a secret: give the position only.
    const position = /position (\d+)/.exec((error as Error).message)?.[1];
    throw new AppError("bad_request:input", `${file} is not valid JSON${position ? ` (at character ${position})` : ""}`, { cause: error });
  }
}
