/**
 * Rows to and from the server by COPY, on whichever driver runs: the driver's own way of doing it is its
 * channel's business (copy-channel.ts), chosen when the database was opened.
 */
import { copyChannelOf } from "@/lib/db/store/copy-channel";
import type { Queryable } from "@/lib/db/rows";

/**
 * Copies `lines` (each a complete COPY text row ending in "\n", fields escaped with `copyField`, or
 * chunks of whole rows as bytes, from `copyRows`) into `table` (`columns` in order). Run inside a
 * transaction; a failure aborts it.
 */
export async function copyLines(tx: Queryable, table: string, columns: string[], lines: Iterable<string | Uint8Array>): Promise<void> {
  await copyChannelOf(tx).copyIn(tx, `${table} (${columns.join(", ")})`, batchLines(lines));
}

/**
 * The rows of `source` (a query, or a whole table given as `table (columns)`) in COPY's text format
 * (tab-separated, one row a line, backslash escapes), as one buffer, or null when the driver cannot stream
 * COPY out (the Neon driver's WebSocket stream cannot pause). COPY takes no parameters: build `source` from
 * constants only. Text is smaller than binary for small integers, and cheaper for PGlite to write: ~0.8 s
 * for a million five-column edge rows straight from the table, ~1.1 s through a query with a filter,
 * ~1.6 s in binary, where the send functions allocate per field.
 */
export async function copyOutText(db: Queryable, source: string): Promise<Buffer | null> {
  return copyOut(db, textStatement(source));
}

/**
 * The same rows handed to `consume` while they arrive, a run of whole lines at a time, instead of
 * gathered into one buffer: each run is read while it is still in cache and the server is still
 * writing, and only an unfinished line is kept between runs. A run is valid only during the call.
 * Returns false, without calling `consume`, when the driver cannot stream COPY out.
 */
export async function copyOutTextLines(db: Queryable, source: string, consume: (lines: Buffer) => void): Promise<boolean> {
  const bytes = await copyOut(db, textStatement(source), consume);
  if (bytes === null) return false;
  if (bytes.length > 0) consume(bytes); // PGlite's whole blob (or a last line without its newline)
  return true;
}

function textStatement(source: string): string {
  return /^\s*select\b/i.test(source) ? `copy (${source}) to stdout` : `copy ${source} to stdout`;
}

async function copyOut(db: Queryable, statement: string, consumeLines?: (lines: Buffer) => void): Promise<Buffer | null> {
  return copyChannelOf(db).copyOut(db, statement, consumeLines);
}

/** One text field of a COPY text row, with the characters COPY gives meaning to escaped. */
export function copyField(value: string): string {
  return /[\\\t\n\r]/.test(value) ? value.replace(/[\\\t\n\r]/g, (c) => ESCAPES[c]) : value;
}

const ESCAPES: Record<string, string> = { "\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r" };

/** Lines joined into ~1 MB strings (chunks of bytes pass as they are): few stream writes, and no single string of the whole load. */
function* batchLines(lines: Iterable<string | Uint8Array>): Generator<string | Uint8Array> {
  let parts: string[] = [];
  let size = 0;
  for (const line of lines) {
    if (typeof line !== "string") {
      if (parts.length > 0) yield parts.join("");
      parts = [];
      size = 0;
      yield line;
      continue;
    }
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

