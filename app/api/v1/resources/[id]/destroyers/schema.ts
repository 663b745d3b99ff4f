import { z } from "zod";
import { rowIdSchema } from "@/lib/db/row-id";

export const resourceParams = z.object({ id: rowIdSchema });

/** At most this many of each kind (agents, credentials, identities) are named; all are counted. */
export const destroyersQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).default(50) });
