/** Worker-thread entry: scans the batches the pool sends and posts back fingerprints, never values. */
import { parentPort } from "node:worker_threads";
import { scanFiles } from "./scan-files";

interface ScanRequest {
  id: number;
  files: string[];
  fingerprintKey: Uint8Array;
  maxFileBytes: number;
}

parentPort?.on("message", (request: ScanRequest) => {
  scanFiles(request.files, Buffer.from(request.fingerprintKey), request.maxFileBytes).then(
    (result) => parentPort?.postMessage({ id: request.id, result }),
    (error: unknown) => parentPort?.postMessage({ id: request.id, error: (error as Error).name ?? "Error" }),
  );
});
