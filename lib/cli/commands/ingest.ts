import fs from "node:fs";
import path from "node:path";
import { withDatabase } from "@/lib/cli/database";
import { parseFlags } from "@/lib/cli/main";
import type { CliIo } from "@/lib/cli/output";
import { findOrCreateSource } from "@/lib/db/queries/sources";
import { AppError } from "@/lib/errors";
import type { ValidGraphBatch } from "@/lib/graph/types";
import { RECORD_LEFT_OUT, validateBatch } from "@/lib/graph/validate-batch";
import { terminalText } from "@/lib/cli/terminal-text";
import { getServerSecrets } from "@/lib/server-secrets";
import { pushBatchAsSweep } from "@/lib/sweeps/push-batch";

/**
 * blastmap ingest FILE… [--source NAME] — each file is one sweep of its source (by default the file's name
 * without extension), run like a pushed sweep: load, prune, analyse and diff in one transaction. Every file
 * is read and validated before the first one is loaded, so a bad file changes nothing.
 */
export async function ingestCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseFlags(args, { source: { type: "string" } }, true);
  if (positionals.length === 0) throw new AppError("bad_request:usage", "name at least one batch file");
  const batches: { file: string; source: string; batch: ValidGraphBatch }[] = [];
  for (const file of positionals) {
    const batch = await withFileName(file, () => validateBatch(readBatchFile(file)));
    batches.push({ file, source: values.source ?? path.basename(file).replace(/\.[^.]*$/, ""), batch });
  }

  await withDatabase(async (db) => {
    for (const { file, source: sourceName, batch } of batches) {
      const source = await findOrCreateSource(db, sourceName, batch.collector);
      const outcome = await withFileName(file, () => pushBatchAsSweep(db, source, batch, getServerSecrets().fingerprintKey));
      printLeftOut(file, batch, io);
      const s = outcome.stats;
      const d = outcome.diff;
      io.err(
        `${file}: sweep ${outcome.sweepId} of source "${sourceName}": nodes +${s.nodesAdded} ~${s.nodesUpdated} -${s.nodesPruned}, ` +
          `edges +${s.edgesAdded} ~${s.edgesUpdated} -${s.edgesPruned}; ` +
          `${d.reachAdded.length} newly reachable destructive actions, findings +${d.findingsOpened.length} -${d.findingsResolved.length}`,
      );
    }
  });
  return 0;
}

/** Records validation left out (lib/graph/validate-batch.ts), each named: they are someone's text. */
const LEFT_OUT_SHOWN = 20;
function printLeftOut(file: string, batch: ValidGraphBatch, io: CliIo): void {
  const leftOut = batch.warnings.filter((w) => w.code === RECORD_LEFT_OUT);
  for (const warning of leftOut.slice(0, LEFT_OUT_SHOWN)) io.err(terminalText(`${file}: warning: ${warning.message}`, 1_000));
  if (leftOut.length > LEFT_OUT_SHOWN) io.err(`${file}: and ${leftOut.length - LEFT_OUT_SHOWN} more records left out`);
}

async function withFileName<T>(file: string, work: () => T | Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof AppError) throw new AppError(error.code, `${file}: ${error.message}`, { cause: error });
    throw error;
  }
}

function readBatchFile(file: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    throw new AppError("bad_request:input", `cannot read it (${(error as NodeJS.ErrnoException).code ?? "error"})`, { cause: error });
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    // Newer Node versions quote the surrounding text in the message, which may hold a secret: give the position only.
    const position = /position (\d+)/.exec((error as Error).message)?.[1];
    throw new AppError("bad_request:input", `not valid JSON${position ? ` (at character ${position})` : ""}`, { cause: error });
  }
}
