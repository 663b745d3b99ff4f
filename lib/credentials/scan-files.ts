/**
 * Scan a batch of files: the work one worker thread does. Reads bytes, gates them with the prefilter and
 * runs the detectors only on what passes. Plain values live only inside this function's stack.
 */
import { closeSync, constants, fstatSync, openSync, readSync } from "node:fs";
import { detectSecretsInText } from "@/lib/credentials/detect-text";
import { toFoundCredentials } from "@/lib/credentials/fold-detections";
import { bytesMayContainSecret } from "@/lib/credentials/prefilter";
import { storeKindOfPath } from "@/lib/credentials/stores";
import type { CollectorWarning } from "@/lib/graph/types";
import type { FoundCredential } from "@/lib/credentials/types";

export interface ScanFilesResult {
  credentials: FoundCredential[];
  filesScanned: number;
  bytesScanned: number;
  warnings: CollectorWarning[];
}

/** A NUL byte in the first 8 KB says binary, as git and grep decide. */
const BINARY_PROBE = 8192;

function readFileCapped(file: string, maxBytes: number): { bytes?: Buffer; size: number } {
  // Non-blocking open: a file swapped for a FIFO after the walk must not hang the scan (fstat then rejects it).
  const fd = openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) return { size: 0 };
    if (stat.size > maxBytes) return { size: stat.size };
    const bytes = Buffer.allocUnsafe(stat.size);
    let read = 0;
    while (read < stat.size) {
      const n = readSync(fd, bytes, read, stat.size - read, read);
      if (n === 0) break;
      read += n;
    }
    return { bytes: read === stat.size ? bytes : bytes.subarray(0, read), size: stat.size };
  } finally {
    closeSync(fd);
  }
}

export async function scanFiles(files: readonly string[], fingerprintKey: Buffer, maxFileBytes: number): Promise<ScanFilesResult> {
  const result: ScanFilesResult = { credentials: [], filesScanned: 0, bytesScanned: 0, warnings: [] };
  for (const file of files) {
    let bytes: Buffer | undefined;
    try {
      const read = readFileCapped(file, maxFileBytes);
      if (!read.bytes) {
        if (read.size > maxFileBytes) {
          result.warnings.push({ code: "file_too_large", message: `skipped: ${read.size} bytes is over the ${maxFileBytes}-byte cap`, location: { file } });
        }
        continue;
      }
      bytes = read.bytes;
    } catch (error) {
      result.warnings.push({ code: "file_unreadable", message: `cannot read file (${(error as NodeJS.ErrnoException).code ?? "error"})`, location: { file } });
      continue;
    }
    const probe = bytes.subarray(0, BINARY_PROBE);
    if (probe.includes(0)) {
      result.warnings.push({ code: "binary_file", message: "skipped: binary file", location: { file } });
      continue;
    }
    result.filesScanned++;
    result.bytesScanned += bytes.length;
    const hit = bytesMayContainSecret(bytes);
    if (!hit && !storeKindOfPath(file)) continue;
    try {
      const detections = await detectSecretsInText(bytes.toString("utf8"), file, { prefiltered: hit });
      result.credentials.push(...toFoundCredentials(detections, file, fingerprintKey));
    } catch (error) {
      // Never the error's message: a parser's message may quote the text it choked on.
      result.warnings.push({ code: "scan_failed", message: `detectors failed on this file (${(error as Error).name})`, location: { file } });
    }
  }
  return result;
}
