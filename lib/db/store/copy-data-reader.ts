/**
 * The backend's COPY … TO STDOUT messages turned into bare COPY data, shared by the channels that read
 * the wire protocol themselves (node-postgres's socket, PGlite's raw protocol stream).
 */

export const ERROR_RESPONSE = 0x45; // 'E'
const COPY_DATA = 0x64; // 'd'
const COPY_DONE = 0x63; // 'c'

/** The server's ErrorResponse as an Error carrying its SQLSTATE as `code`, as node-postgres raises it. */
export function errorFromResponse(response: Buffer): Error & { code?: string } {
  const fields = new Map<string, string>();
  const end = Math.min(response.length, 1 + response.readInt32BE(1));
  for (let at = 5; at < end && response[at] !== 0; ) {
    const type = String.fromCharCode(response[at]);
    const stop = response.indexOf(0, at + 1);
    fields.set(type, response.toString("utf8", at + 1, stop));
    at = stop + 1;
  }
  return Object.assign(new Error(fields.get("M") ?? "COPY failed"), { code: fields.get("C") });
}

/**
 * The backend's messages for a COPY … TO STDOUT, turned into the bare COPY data: the server sends one
 * CopyData message per row, and pg-copy-streams spends about half a microsecond on each (a slice, a list
 * push, a concat), ~0.5 s of CPU at a million rows. Here the raw chunks are appended to one growing
 * buffer and each message's payload is moved down over its 5-byte header in place, so the buffer ends as
 * the bare COPY data. With a `consumeLines` callback, whole lines are handed over as they arrive and only
 * an unfinished line is kept.
 */
export class CopyDataReader {
  private buffer = Buffer.allocUnsafe(1 << 20);
  /** The payloads so far fill [0, `kept`); an incomplete message may follow, up to `length`. */
  private length = 0;
  private kept = 0;
  private result: Buffer | null = null;

  /** A `consumeLines` callback failed: the rest is read and dropped, and the copy fails with it. */
  consumeError: Error | null = null;

  constructor(private readonly consumeLines?: (lines: Buffer) => void) {}

  /** True once CopyDone (or an error) has been read. */
  get done(): boolean {
    return this.result !== null;
  }

  /** The COPY data, or with `consumeLines` what followed the last newline; valid once done. */
  get data(): Buffer {
    return this.result ?? Buffer.alloc(0);
  }

  /** Appends a chunk and consumes its complete messages; once done, the bytes past CopyDone (or from an error on). */
  take(chunk: Buffer): Buffer | null {
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
}

