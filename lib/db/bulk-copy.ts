/**
 * COPY … FROM for bulk loads inside the caller's transaction: the server parses tab-separated text at
 * millions of rows a second, where bound array parameters (unnest) cost more to parse than to insert.
 *
 * Each driver takes COPY its own way: node-postgres and the Neon driver (a fork of it) through
 * pg-copy-streams, which streams the lines while the server is already parsing the first ones; PGlite
 * reads the whole text from its virtual `/dev/blob` file. Drizzle keeps the driver's client of a
 * transaction in `session.client`; that internal is read here and nowhere else.
 */
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { from as copyFrom } from "pg-copy-streams";
import type { Queryable } from "@/lib/db/rows";

/** What a node-postgres or Neon client offers: query() accepts a submittable stream. */
interface StreamingClient {
  query(stream: ReturnType<typeof copyFrom>): ReturnType<typeof copyFrom>;
}

/** What a PGlite transaction offers: query() with a blob that `/dev/blob` reads. */
interface BlobClient {
  query(text: string, params: unknown[], options: { blob: Blob }): Promise<unknown>;
  exec(text: string): Promise<unknown>;
}

/**
 * Copies `lines` (each a complete COPY text row ending in "\n", fields escaped with `copyField`) into
 * `table` (`columns` in order). Run inside a transaction; a failure aborts it.
 */
export async function copyLines(tx: Queryable, table: string, columns: string[], lines: Iterable<string>): Promise<void> {
  const target = `${table} (${columns.join(", ")})`;
  const client = (tx as unknown as { session?: { client?: unknown } }).session?.client;
  if (isBlobClient(client)) {
    await client.query(`copy ${target} from '/dev/blob'`, [], { blob: new Blob([...batchLines(lines)]) });
    return;
  }
  if (isStreamingClient(client)) {
    await pipeline(Readable.from(batchLines(lines)), client.query(copyFrom(`copy ${target} from stdin`)));
    return;
  }
  throw new Error("copyLines: the transaction's driver client is not one this module knows (pg, Neon or PGlite)");
}

/** One field of a COPY text row: NULL as \N, and the characters COPY gives meaning to escaped. */
export function copyField(value: string | number | boolean | null): string {
  if (value === null) return "\\N";
  if (typeof value !== "string") return typeof value === "boolean" ? (value ? "t" : "f") : String(value);
  return /[\\\t\n\r]/.test(value) ? value.replace(/[\\\t\n\r]/g, (c) => ESCAPES[c]) : value;
}

const ESCAPES: Record<string, string> = { "\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r" };

/** Lines joined into ~1 MB strings: few stream writes, and no single string of the whole load. */
function* batchLines(lines: Iterable<string>): Generator<string> {
  let parts: string[] = [];
  let size = 0;
  for (const line of lines) {
    parts.push(line);
    size += line.length;
    if (size >= 1 << 20) {
      yield parts.join("");
      parts = [];
      size = 0;
    }
  }
  if (parts.length > 0) yield parts.join("");
}

function isBlobClient(client: unknown): client is BlobClient {
  // PGlite's transaction object: query + exec, and no socket connection.
  return typeof client === "object" && client !== null && "exec" in client && "query" in client && !("connection" in client);
}

function isStreamingClient(client: unknown): client is StreamingClient {
  return typeof client === "object" && client !== null && "connection" in client && "query" in client;
}
