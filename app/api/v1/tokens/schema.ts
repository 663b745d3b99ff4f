import { z } from "zod";
import { API_TOKEN_SCOPES } from "@/lib/auth/api-tokens";

export const createTokenBody = z
  .object({
    name: z.string().trim().min(1).max(100),
    /** ingest (default): push batches to its sources; guard-sync: read the guard snapshot. */
    scope: z.enum(API_TOKEN_SCOPES).default("ingest"),
    /** The sources an ingest token may push batches to. */
    sourceIds: z.array(z.number().int().positive()).default([]),
  })
  .refine((body) => body.scope !== "ingest" || body.sourceIds.length > 0, { path: ["sourceIds"], message: "name at least one source" })
  .refine((body) => body.scope === "ingest" || body.sourceIds.length === 0, { path: ["sourceIds"], message: "a guard-sync token pushes to no source" });
