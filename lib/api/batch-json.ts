/**
 * Parses a pushed batch's JSON without holding the event loop, and refuses an oversize or over-deep one
 * before parsing it.
 *
 * `JSON.parse` of a 50 MB body holds the server for about half a second (health checks and every other
 * request wait), and a worker thread does not help: handing the parsed object back costs the main thread
 * more than parsing it. So the body is scanned once, a slice at a time with turns of the event loop in
 * between: the scan checks the top-level shape, counts the records of each list and measures nesting,
 * and only then is each record parsed on its own (records are small), again in slices. Counts over the
 * limits are known after the scan, so an oversize batch costs one pass over its bytes and no parsing.
 */
import { AppError } from "@/lib/errors";

export interface BatchJsonLimits {
  /** Most records per top-level list ("nodes", "edges", "warnings"); absent: no limit. */
  records: Partial<Record<string, number>>;
  /** Deepest nesting of arrays and objects, the batch object itself counting as 1. */
  maxDepth: number;
  /** The environment variable that sets each list's limit, named in the error. */
  settings?: Partial<Record<string, string>>;
}

/** The lists parsed record by record; any other top-level value is parsed whole (they are small). */
const RECORD_LISTS = new Set(["nodes", "edges", "warnings"]);

/** Bytes scanned, or records parsed, between turns of the event loop: a few milliseconds of work. */
const SCAN_SLICE_BYTES = 1 << 20;
const PARSE_SLICE_RECORDS = 2_000;

export const DEFAULT_MAX_JSON_DEPTH = 64;

export async function parseBatchJson(bytes: Uint8Array, limits: BatchJsonLimits): Promise<unknown> {
  return runSliced(parseSteps(bytes, limits));
}

/** Runs a generator to its end, yielding to the event loop wherever it yields. */
async function runSliced<T>(steps: Generator<void, T>): Promise<T> {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** For callers that hold the whole text anyway (a file on disk): the same checks, in one go. */
export function parseBatchJsonSync(bytes: Uint8Array, limits: BatchJsonLimits): unknown {
  const steps = parseSteps(bytes, limits);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** Where values sit in the body: start and end offsets, two numbers per value. */
type Spans = number[];

function* parseSteps(bytes: Uint8Array, limits: BatchJsonLimits): Generator<void, unknown> {
  const scanner = new Scanner(bytes, limits.maxDepth);
  const lists = new Map<string, Spans>();
  const values = new Map<string, Spans>();
  yield* scanner.topLevel(lists, values);
  for (const [name, spans] of lists) {
    const count = spans.length / 2;
    const limit = limits.records[name];
    if (limit !== undefined && count > limit) {
      const setting = limits.settings?.[name];
      throw new AppError(
        "payload_too_large:batch",
        `The batch holds ${count.toLocaleString("en-US")} ${name}; a push may hold at most ${limit.toLocaleString("en-US")}` +
          `${setting ? ` (${setting})` : ""}. Split it across sources, or raise the limit.`,
      );
    }
  }
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const parse = (start: number, end: number, where: string): unknown => {
    try {
      return JSON.parse(text.toString("utf8", start, end));
    } catch (error) {
      // The parser's message may quote the body, which may hold a secret: say where, never what.
      throw new AppError("bad_request:batch", `The body is not valid JSON (in ${where}, at byte ${start}).`, { cause: error });
    }
  };
  const batch: Record<string, unknown> = {};
  for (const [name, spans] of values) batch[name] = parse(spans[0], spans[1], name);
  for (const [name, spans] of lists) {
    const count = spans.length / 2;
    const records: unknown[][] = [];
    // A slice of records is parsed as one array (what lies between them is commas and spaces, checked by
    // the scan): one JSON.parse per slice, not per record. A slice that fails is parsed record by record
    // to name the bad one.
    for (let first = 0; first < count; first += PARSE_SLICE_RECORDS) {
      const last = Math.min(count, first + PARSE_SLICE_RECORDS) - 1;
      let slice: unknown[];
      try {
        slice = JSON.parse(`[${text.toString("utf8", spans[2 * first], spans[2 * last + 1])}]`) as unknown[];
      } catch {
        for (let i = first; i <= last; i++) parse(spans[2 * i], spans[2 * i + 1], `${name}[${i}]`);
        throw new AppError("bad_request:batch", `The body is not valid JSON (in ${name}).`);
      }
      records.push(slice);
      yield;
    }
    batch[name] = records.flat();
  }
  return batch;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

function isSpace(byte: number): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}

/**
 * Finds where each value of the top-level object starts and ends. It checks what separates values (the
 * braces, brackets, commas and colons) and nesting depth; what a value holds is checked by JSON.parse.
 */
class Scanner {
  private pos = 0;
  private nextYield = SCAN_SLICE_BYTES;

  constructor(
    private readonly bytes: Uint8Array,
    private readonly maxDepth: number,
  ) {}

  *topLevel(lists: Map<string, Spans>, values: Map<string, Spans>): Generator<void, void> {
    this.skipSpace();
    this.expect(OPEN_BRACE, "the batch must be a JSON object");
    this.skipSpace();
    if (this.peek() === CLOSE_BRACE) this.pos++;
    else {
      for (;;) {
        this.skipSpace();
        const keyStart = this.pos;
        this.expect(QUOTE, "expected a property name");
        this.skipString();
        const key = this.decodeKey(keyStart, this.pos);
        this.skipSpace();
        this.expect(COLON, "expected ':'");
        this.skipSpace();
        // A repeated key: the last one counts, as with JSON.parse.
        lists.delete(key);
        values.delete(key);
        if (RECORD_LISTS.has(key) && this.peek() === OPEN_BRACKET) lists.set(key, yield* this.records(key));
        else {
          const start = this.pos;
          yield* this.skipValue(1, key);
          values.set(key, [start, this.pos]);
        }
        this.skipSpace();
        if (this.peek() === COMMA) {
          this.pos++;
          continue;
        }
        this.expect(CLOSE_BRACE, "expected ',' or '}'");
        break;
      }
    }
    this.skipSpace();
    if (this.pos !== this.bytes.length) this.fail("unexpected data after the batch object");
  }

  private *records(name: string): Generator<void, Spans> {
    const spans: Spans = [];
    this.pos++; // [
    this.skipSpace();
    if (this.peek() === CLOSE_BRACKET) {
      this.pos++;
      return spans;
    }
    for (;;) {
      this.skipSpace();
      const start = this.pos;
      yield* this.skipValue(2, `${name}[${spans.length / 2}]`);
      spans.push(start, this.pos);
      this.skipSpace();
      if (this.peek() === COMMA) {
        this.pos++;
        continue;
      }
      this.expect(CLOSE_BRACKET, "expected ',' or ']'");
      return spans;
    }
  }

  /** Skips one value that starts at `pos` and sits at nesting `depth` (its container's depth). */
  private *skipValue(depth: number, where: string): Generator<void, void> {
    const bytes = this.bytes;
    const first = this.peek();
    if (first === QUOTE) {
      this.pos++;
      this.skipString();
      return;
    }
    if (first !== OPEN_BRACE && first !== OPEN_BRACKET) {
      // A number or literal: runs to the next separator; JSON.parse judges it.
      const start = this.pos;
      while (this.pos < bytes.length) {
        const b = bytes[this.pos];
        if (b === COMMA || b === CLOSE_BRACE || b === CLOSE_BRACKET || isSpace(b)) break;
        this.pos++;
      }
      if (this.pos === start) this.fail("expected a value");
      return;
    }
    // Objects and arrays: brackets counted, strings skipped; the JSON grammar inside is JSON.parse's to
    // check. The hot loop keeps its state in locals.
    const stack: number[] = [];
    const length = bytes.length;
    let pos = this.pos;
    while (pos < length) {
      const b = bytes[pos++];
      if (b === QUOTE) {
        while (pos < length) {
          const c = bytes[pos++];
          if (c === QUOTE) break;
          if (c === BACKSLASH) pos++;
        }
      } else if (b === OPEN_BRACE || b === OPEN_BRACKET) {
        stack.push(b);
        if (depth + stack.length > this.maxDepth) {
          throw new AppError("bad_request:batch", `The batch is nested deeper than ${this.maxDepth} levels (in ${where}).`);
        }
      } else if (b === CLOSE_BRACE || b === CLOSE_BRACKET) {
        const open = stack.pop();
        this.pos = pos;
        if (open !== (b === CLOSE_BRACE ? OPEN_BRACE : OPEN_BRACKET)) this.fail("mismatched brackets");
        if (stack.length === 0) {
          if (pos >= this.nextYield) {
            this.nextYield = pos + SCAN_SLICE_BYTES;
            yield;
          }
          return;
        }
      }
    }
    this.pos = pos;
    this.fail("the body ends inside a value");
  }

  /** From just after an opening quote to just after the closing one. */
  private skipString(): void {
    const bytes = this.bytes;
    while (this.pos < bytes.length) {
      const b = bytes[this.pos++];
      if (b === BACKSLASH) this.pos++;
      else if (b === QUOTE) return;
    }
    this.fail("the body ends inside a string");
  }

  private decodeKey(start: number, end: number): string {
    try {
      return JSON.parse(Buffer.from(this.bytes.buffer, this.bytes.byteOffset + start, end - start).toString("utf8")) as string;
    } catch (error) {
      throw new AppError("bad_request:batch", `The body is not valid JSON (a property name at byte ${start}).`, { cause: error });
    }
  }

  private skipSpace(): void {
    while (this.pos < this.bytes.length && isSpace(this.bytes[this.pos])) this.pos++;
  }

  private peek(): number | undefined {
    return this.bytes[this.pos];
  }

  private expect(byte: number, message: string): void {
    if (this.bytes[this.pos] !== byte) this.fail(message);
    this.pos++;
  }

  private fail(message: string): never {
    throw new AppError("bad_request:batch", `The body is not valid JSON (${message}, at byte ${this.pos}).`);
  }
}
