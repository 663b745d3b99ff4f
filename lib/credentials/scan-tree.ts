/** Walk roots and scan every file an agent could read, on all cores; always finishes with what it could read. */
import os from "node:os";
import { AppError } from "@/lib/errors";
import { mergeFoundCredentials } from "@/lib/credentials/fold-detections";
import { createBatchScanner } from "@/lib/credentials/scan-pool";
import type { ScanFilesResult } from "@/lib/credentials/scan-files";
import type { ScanTreeOptions, ScanTreeResult } from "@/lib/credentials/types";
import { walkRoots } from "@/lib/credentials/walk-tree";

export type { ScanTreeOptions, ScanTreeResult } from "@/lib/credentials/types";

const DEFAULT_SKIP_DIRS = ["node_modules", ".git"];
const DEFAULT_MAX_FILE_BYTES = 5 * 1024 * 1024;

function defaultWorkerCount(): number {
  return Math.min(4, Math.max(1, os.availableParallelism?.() ?? os.cpus().length));
}

export async function scanTree(roots: string[], options: ScanTreeOptions): Promise<ScanTreeResult> {
  const cancelled = () => new AppError("collector:failed", "workspace scan cancelled", { cause: options.signal?.reason });
  if (options.signal?.aborted) throw cancelled();
  const maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const scanner = createBatchScanner(options.workers ?? defaultWorkerCount(), options.fingerprintKey, maxFileBytes);
  const results: ScanFilesResult[] = [];
  const queue: string[][] = [];
  const inFlight = new Set<Promise<void>>();
  let total = 0;
  let done = 0;

  const pump = () => {
    while (inFlight.size < scanner.capacity && queue.length > 0 && !options.signal?.aborted) {
      const files = queue.shift() as string[];
      const task = scanner.scan(files).then((result) => {
        results.push(result);
        done += files.length;
        options.onProgress?.({ phase: "scan", done, total });
      });
      inFlight.add(task);
      void task.finally(() => {
        inFlight.delete(task);
        pump();
      });
    }
  };

  options.onProgress?.({ phase: "walk" });
  const walkWarnings = await walkRoots(roots, {
    skipDirs: new Set(options.skipDirs ?? DEFAULT_SKIP_DIRS),
    signal: options.signal,
    onFiles: (files) => {
      total += files.length;
      queue.push(files);
      pump();
    },
  });
  while (inFlight.size > 0 || (queue.length > 0 && !options.signal?.aborted)) {
    pump();
    await Promise.race(inFlight);
  }
  if (options.signal?.aborted) throw cancelled();

  // Batches finish in any order; sort so the same tree always gives the same result.
  const credentials = mergeFoundCredentials(results.flatMap((r) => r.credentials));
  for (const c of credentials) c.locations.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
  credentials.sort((a, b) => a.locations[0].file.localeCompare(b.locations[0].file) || a.locations[0].line - b.locations[0].line || a.fingerprint.localeCompare(b.fingerprint));
  const warnings = [...walkWarnings, ...results.flatMap((r) => r.warnings)].sort((a, b) => (a.location?.file ?? "").localeCompare(b.location?.file ?? ""));
  return {
    credentials,
    filesScanned: results.reduce((n, r) => n + r.filesScanned, 0),
    bytesScanned: results.reduce((n, r) => n + r.bytesScanned, 0),
    warnings,
  };
}
