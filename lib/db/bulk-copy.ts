/**
 * COPY for bulk moves. In: the server parses tab-separated text at millions of rows a second, where
 * bound array parameters (unnest) cost more to parse than to insert. Out: text rows, parsed straight
 * into typed arrays, where a query result would be a million row objects (or a hex string).
 *
 * Each driver takes COPY its own way: node-postgres and the Neon driver (a fork of it) in through
 * pg-copy-streams and out through a small collector on the connection's socket; PGlite through its virtual
 * `/dev/blob` file. Drizzle keeps the driver's client (a pool, a pooled connection in a transaction, or
 * PGlite) in `session.client`; that internal is read here and nowhere else.
 */
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { from as copyFrom } from "pg-copy-streams";
import type { Queryable } from "@/lib/db/rows";

/** What a node-postgres or Neon client offers: query() accepts a submittable (a stream, or a collector). */
interface StreamingClient {
  query<T extends ReturnType<typeof copyFrom> | CopyOutCollector>(submittable: T): T;
  connection: { stream: { pause?: unknown } };
}

/** A pool of such clients. */
interface StreamingPool {
  connect(): Promise<StreamingClient & { release(): void }>;
}

/** What PGlite (or a transaction on it) offers: query() with a blob that `/dev/blob` reads or writes. */
interface BlobClient {
  query(text: string, params?: unknown[], options?: { blob?: Blob }): Promise<{ blob?: Blob }>;
  exec(text: string): Promise<unknown>;
}

/**
 * Copies `lines` (each a complete COPY text row ending in "\n", fields escaped with `copyField`, or
 * chunks of whole rows as bytes, from `copyRows`) into `table` (`columns` in order). Run inside a
 * transaction; a failure aborts it.
 */
export async function copyLines(tx: Queryable, table: string, columns: string[], lines: Iterable<string | Uint8Array>): Promise<void> {
  const target = `${table} (${columns.join(", ")})`;
  const client = driverClientOf(tx);
  if (isBlobClient(client)) {
    await client.query(`copy ${target} from '/dev/blob'`, [], { blob: new Blob([...batchLines(lines)] as BlobPart[]) });
    return;
  }
  if (isStreamingClient(client)) {
    await pipeline(Readable.from(batchLines(lines)), client.query(copyFrom(`copy ${target} from stdin`)));
    return;
  }
  throw new Error("copyLines: the transaction's driver client is not one this module knows (pg, Neon or PGlite)");
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
  const client = driverClientOf(db);
  if (isBlobClient(client)) {
    const result = await client.query(statement.replace("to stdout", "to '/dev/blob'"));
    return Buffer.from(await (result.blob ?? new Blob()).arrayBuffer());
  }
  const streamOut = async (connection: StreamingClient): Promise<Buffer | null> => {
    if (typeof connection.connection.stream.pause !== "function") return null;
    return connection.query(new CopyOutCollector(statement, consumeLines)).bytes;
  };
  if (isStreamingClient(client)) return streamOut(client);
  if (isStreamingPool(client)) {
    const connection = await client.connect();
    try {
      return await streamOut(connection);
    } finally {
      connection.release();
    }
  }
  throw new Error("copyOut: the database's driver client is not one this module knows (pg, Neon or PGlite)");
}

/** The socket and message hooks of node-postgres's connection that a COPY TO collector borrows. */
interface PgConnection {
  stream: NodeJS.ReadableStream & { listeners(event: "data"): ((chunk: Buffer) => void)[] };
  query(text: string): void;
}

const COPY_DATA = 0x64; // 'd'
const COPY_DONE = 0x63; // 'c'
const ERROR_RESPONSE = 0x45; // 'E'

/**
 * COPY … TO STDOUT into one buffer, read off node-postgres's socket directly: the server sends one
 * CopyData message per row, and pg-copy-streams spends about half a microsecond on each (a slice, a
 * list push, a concat), ~0.5 s of CPU at a million rows. Here the raw socket chunks are appended to one
 * growing buffer and each message's payload is moved down over its 5-byte header in place, so the
 * buffer ends as the bare COPY data. Like pg-copy-streams, it takes the socket from the connection's
 * parser until CopyDone and then hands the rest (CommandComplete, ReadyForQuery, or an error) back.
 */
class CopyOutCollector {
  readonly bytes: Promise<Buffer>;
  private settle!: { resolve(bytes: Buffer): void; reject(error: Error): void };
  private buffer = Buffer.allocUnsafe(1 << 20);
  /** The payloads so far fill [0, `kept`); an incomplete message may follow, up to `length`. */
  private length = 0;
  private kept = 0;
  private result: Buffer | null = null;

  /** A `consume` callback failed: the rest is read and dropped, and the query rejects with it. */
  private consumeError: Error | null = null;

  constructor(
    private readonly text: string,
    private readonly consumeLines?: (lines: Buffer) => void,
  ) {
    this.bytes = new Promise((resolve, reject) => (this.settle = { resolve, reject }));
  }

  /** Called by node-postgres when the query's turn comes. */
  submit(connection: PgConnection): void {
    const socket = connection.stream;
    const [parserListener] = socket.listeners("data");
    socket.removeListener("data", parserListener);
    socket.pause();
    const onReadable = () => {
      let chunk: Buffer | null;
      while ((chunk = socket.read() as Buffer | null) !== null) {
        const rest = this.take(chunk);
        if (rest === null) continue;
        socket.removeListener("readable", onReadable);
        socket.addListener("data", parserListener);
        parserListener(rest);
        process.nextTick(() => socket.resume());
        return;
      }
    };
    socket.on("readable", onReadable);
    connection.query(this.text);
  }

  /** Appends a socket chunk and consumes its complete messages; once done, the bytes past CopyDone (or from an error). */
  private take(chunk: Buffer): Buffer | null {
    if (this.length + chunk.length > this.buffer.length) {
      const bigger = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.length + chunk.length));
      this.buffer.copy(bigger, 0, 0, this.length);
      this.buffer = bigger;
    }
    chunk.copy(this.buffer, this.length);
    this.length += chunk.length;
    const b = this.buffer;
    let at = this.kept; // the unread tail starts where the payloads end
    let kept = this.kept;
    while (at + 5 <= this.length) {
      const code = b[at];
      const size = ((b[at + 1] << 24) | (b[at + 2] << 16) | (b[at + 3] << 8) | b[at + 4]) + 1;
      if (code === ERROR_RESPONSE) return this.finish(at, kept);
      if (at + size > this.length) break;
      if (code === COPY_DATA) {
        // Rows are a few dozen bytes: a loop beats a native call per row.
        if (size < 128) for (let i = at + 5, end = at + size; i < end; i++) b[kept++] = b[i];
        else {
          b.copyWithin(kept, at + 5, at + size);
          kept += size - 5;
        }
      } else if (code === COPY_DONE) return this.finish(at + size, kept);
      // CopyOutResponse, and the notices and parameter changes that may come between rows: skipped.
      at += size;
    }
    // Move the incomplete message down to the payloads' end, so the buffer holds only what is kept.
    b.copyWithin(kept, at, this.length);
    this.length = kept + (this.length - at);
    this.kept = kept;
    if (this.consumeLines) this.handOverLines();
    return null;
  }

  /** Gives the whole lines kept so far to the consumer and keeps only what follows the last newline. */
  private handOverLines(): void {
    if (this.kept === 0) return;
    const end = this.buffer.lastIndexOf(0x0a, this.kept - 1) + 1;
    if (end <= 0) return;
    if (!this.consumeError) {
      try {
        this.consumeLines!(this.buffer.subarray(0, end));
      } catch (error) {
        this.consumeError = error as Error;
      }
    }
    this.buffer.copyWithin(0, end, this.length);
    this.length -= end;
    this.kept -= end;
  }

  private finish(at: number, kept: number): Buffer {
    const rest = Buffer.from(this.buffer.subarray(at, this.length));
    this.result = this.buffer.subarray(0, kept);
    return rest;
  }

  handleCommandComplete(): void {}

  handleReadyForQuery(): void {
    if (this.consumeError) this.settle.reject(this.consumeError);
    else if (this.result) this.settle.resolve(this.result);
  }

  handleError(error: Error): void {
    this.result = null;
    this.settle.reject(error);
  }
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

/** The driver's own client behind a Drizzle database or transaction. */
function driverClientOf(db: Queryable): unknown {
  return (db as unknown as { session?: { client?: unknown } }).session?.client;
}

function isBlobClient(client: unknown): client is BlobClient {
  // PGlite's transaction object: query + exec, and no socket connection.
  return typeof client === "object" && client !== null && "exec" in client && "query" in client && !("connection" in client);
}

function isStreamingPool(client: unknown): client is StreamingPool {
  return typeof client === "object" && client !== null && "connect" in client && !("connection" in client) && !("exec" in client);
}

function isStreamingClient(client: unknown): client is StreamingClient {
  return typeof client === "object" && client !== null && "connection" in client && "query" in client;
}
