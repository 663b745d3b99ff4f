/**
 * A small pool of worker threads that scan file batches, so both cores read and match. Workers are kept
 * for the life of the process (unref'd, so they never hold it open) because starting one costs a few
 * hundred milliseconds of module loading. Where workers cannot start (a bundler that did not ship the
 * worker file), batches are scanned in this thread instead: slower, same result.
 */
import { Worker } from "node:worker_threads";
import { scanFiles, type ScanFilesResult } from "@/lib/credentials/scan-files";

interface PendingBatch {
  resolve: (result: ScanFilesResult) => void;
  reject: (error: Error) => void;
}

class ScanWorker {
  private readonly worker: Worker;
  private readonly pending = new Map<number, PendingBatch>();
  private nextId = 0;
  private broken = false;

  constructor() {
    // The worker runs the TypeScript sources directly, as the CLI and tests do (see scan-worker-boot.mjs).
    this.worker = new Worker(new URL("./scan-worker-boot.mjs", import.meta.url));
    this.worker.on("message", (message: { id: number; result?: ScanFilesResult; error?: string }) => {
      const batch = this.pending.get(message.id);
      if (!batch) return;
      this.pending.delete(message.id);
      if (this.pending.size === 0) this.worker.unref();
      if (message.result) {
        this.completed++;
        batch.resolve(message.result);
      }
      else batch.reject(new Error(`scan worker failed (${message.error})`));
    });
    const fail = (error: Error) => {
      this.broken = true;
      for (const batch of this.pending.values()) batch.reject(error);
      this.pending.clear();
    };
    this.worker.on("error", fail);
    this.worker.on("exit", () => fail(new Error("scan worker exited")));
    // Referenced only while batches are in flight: an idle pool must not keep the process alive, a busy one must.
    // (Last, because attaching a message listener re-references the worker.)
    this.worker.unref();
  }

  get usable(): boolean {
    return !this.broken;
  }

  /** Batches this worker has completed, to show that work really ran off the main thread. */
  completed = 0;

  scan(files: string[], fingerprintKey: Buffer, maxFileBytes: number): Promise<ScanFilesResult> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      if (this.pending.size === 0) this.worker.ref();
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, files, fingerprintKey: new Uint8Array(fingerprintKey), maxFileBytes });
    });
  }
}

let pool: ScanWorker[] = [];

/** How many workers are alive and usable (tests and the benchmark check the work really ran on them). */
export function countScanWorkers(): { alive: number; batchesCompleted: number } {
  const alive = pool.filter((w) => w.usable);
  return { alive: alive.length, batchesCompleted: alive.reduce((n, w) => n + w.completed, 0) };
}

function getWorkers(count: number): ScanWorker[] {
  pool = pool.filter((w) => w.usable);
  while (pool.length < count) {
    try {
      pool.push(new ScanWorker());
    } catch {
      break;
    }
  }
  return pool.slice(0, count);
}

/** Scan one batch on a worker, or in this thread when no worker is usable or the worker fails. */
export function createBatchScanner(workerCount: number, fingerprintKey: Buffer, maxFileBytes: number) {
  const workers = workerCount > 0 ? getWorkers(workerCount) : [];
  const load = new Map(workers.map((w) => [w, 0]));
  return {
    /** How many batches may be in flight at once. */
    capacity: Math.max(1, workers.length) * 2,
    async scan(files: string[]): Promise<ScanFilesResult> {
      const worker = [...load.entries()].filter(([w]) => w.usable).sort((a, b) => a[1] - b[1])[0]?.[0];
      if (!worker) return scanFiles(files, fingerprintKey, maxFileBytes);
      load.set(worker, (load.get(worker) ?? 0) + 1);
      try {
        return await worker.scan(files, fingerprintKey, maxFileBytes);
      } catch {
        return scanFiles(files, fingerprintKey, maxFileBytes);
      } finally {
        load.set(worker, (load.get(worker) ?? 1) - 1);
      }
    },
  };
}
