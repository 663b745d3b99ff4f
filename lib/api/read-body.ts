/**
 * Reads a request body with a hard size cap, inflating `Content-Encoding: gzip` on the fly. The cap
 * applies to the inflated bytes while they are produced, so a gzip bomb stops at the cap instead of
 * filling memory, and to a body sent in chunks without a length as much as to a declared one.
 * Oversize → 413; broken gzip or JSON → 400 that quotes none of the body.
 */
import { Readable } from "node:stream";
import { createGunzip } from "node:zlib";
import { DEFAULT_MAX_JSON_DEPTH, parseBatchJson } from "@/lib/api/batch-json";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";

/** The default of BLASTMAP_PUSH_MAX_BYTES. */
export const MAX_BATCH_BYTES = 50 * 1024 * 1024;

export interface PushLimits {
  bytes: number;
  nodes: number;
  edges: number;
}

export function pushLimits(): PushLimits {
  const env = getEnv();
  return { bytes: env.BLASTMAP_PUSH_MAX_BYTES, nodes: env.BLASTMAP_PUSH_MAX_NODES, edges: env.BLASTMAP_PUSH_MAX_EDGES };
}

/**
 * A pushed batch: read under the byte cap, its records counted against the push limits before any is
 * parsed (413), its nesting capped (400), parsed without holding the event loop (lib/api/batch-json.ts).
 */
export async function readBatchBody(request: Request, limits: PushLimits = pushLimits()): Promise<unknown> {
  const bytes = await readBodyBytes(request, limits.bytes);
  return parseBatchJson(bytes, {
    records: { nodes: limits.nodes, edges: limits.edges },
    maxDepth: DEFAULT_MAX_JSON_DEPTH,
    settings: { nodes: "BLASTMAP_PUSH_MAX_NODES", edges: "BLASTMAP_PUSH_MAX_EDGES" },
  });
}

export async function readBodyBytes(request: Request, maxBytes = MAX_BATCH_BYTES): Promise<Buffer> {
  const declared = Number(request.headers.get("content-length") ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(maxBytes);
  if (!request.body) return Buffer.alloc(0);
  const encoding = (request.headers.get("content-encoding") ?? "identity").trim().toLowerCase();
  if (encoding !== "gzip" && encoding !== "identity") {
    throw new AppError("bad_request:input", `Unsupported Content-Encoding "${encoding}": send gzip or nothing.`);
  }
  let stream: NodeJS.ReadableStream = Readable.fromWeb(request.body as import("node:stream/web").ReadableStream);
  if (encoding === "gzip") stream = stream.pipe(createGunzip());

  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      total += chunk.length;
      if (total > maxBytes) {
        (stream as unknown as { destroy?: () => void }).destroy?.();
        throw tooLarge(maxBytes);
      }
      chunks.push(chunk);
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError("bad_request:input", encoding === "gzip" ? "The body is not valid gzip." : "The body could not be read.", { cause: error });
  }
  return Buffer.concat(chunks, total);
}

export async function readJsonBody(request: Request, maxBytes = MAX_BATCH_BYTES): Promise<unknown> {
  const bytes = await readBodyBytes(request, maxBytes);
  try {
    return JSON.parse(bytes.toString("utf8"));
  } catch (error) {
    // The parser's message may quote the body, which may hold a secret: give the position only.
    const position = /position (\d+)/.exec((error as Error).message)?.[1];
    throw new AppError("bad_request:batch", `The body is not valid JSON${position ? ` (at character ${position})` : ""}.`, { cause: error });
  }
}

function tooLarge(maxBytes: number): AppError {
  const size = maxBytes >= 1024 * 1024 ? `${Math.round(maxBytes / 1024 / 1024)} MB` : `${maxBytes} bytes`;
  return new AppError("payload_too_large:batch", `The batch is larger than ${size} (after gzip inflation; BLASTMAP_PUSH_MAX_BYTES).`);
}
