/**
 * The collector contract. A collector reads one kind of source and returns a GraphBatch; it never touches
 * the database. Loading, stamping with the sweep id and pruning belong to the store (lib/db/store/store.ts).
 */
import type { z } from "zod";
import type { ReadScope } from "@/lib/collectors/read-scope";
import type { CollectorWarning, GraphBatch } from "@/lib/graph/types";

export interface CollectProgress {
  phase: string;
  done?: number;
  total?: number;
}

export interface CollectContext {
  /** Long work reports here; the CLI prints it on stderr, the sweep runner stores it. */
  progress(update: CollectProgress): void;
  /** Key for credential fingerprints (HMAC-SHA-256). Plain secret values never leave the collector. */
  fingerprintKey: Buffer;
  /** Cancels the collection (sweep cancel or timeout). */
  signal?: AbortSignal;
  /** What a server-run sweep may read (lib/collectors/read-scope.ts); absent in the CLI. */
  scope?: ReadScope;
}

export interface Collector<Config = unknown> {
  name: string;
  description: string;
  configSchema: z.ZodType<Config>;
  collect(config: Config, ctx: CollectContext): Promise<GraphBatch>;
}

export type { CollectorWarning };

/** A context that drops progress, for tests and for callers that do not show it. */
export function silentContext(fingerprintKey: Buffer, signal?: AbortSignal): CollectContext {
  return { progress: () => {}, fingerprintKey, signal };
}
