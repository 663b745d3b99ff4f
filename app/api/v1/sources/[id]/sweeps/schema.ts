import { z } from "zod";

/** The source by id, or by name (remote collectors may know only its name). */
export const sourceSweepsParams = z.object({ id: z.string().min(1).max(200) });

/** `before`: only sweeps older than this sweep id (the last id of the previous page). */
export const listSweepsQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50), before: z.coerce.number().int().min(1).optional() });

/**
 * The POST body is a GraphBatch (lib/graph/types.ts graphBatchSchema), JSON, optionally
 * `Content-Encoding: gzip`, within the push limits (BLASTMAP_PUSH_MAX_BYTES inflated, _NODES, _EDGES;
 * lib/api/read-body.ts). It is validated by validateBatchInSlices, whose errors name the JSON path
 * ("edges[12].dst.kind"), not by a schema here: the batch is read as a stream with a size cap first.
 */
export { MAX_BATCH_BYTES } from "@/lib/api/read-body";
