import { z } from "zod";
import { ACTION_CLASSES } from "@/lib/graph/types";
import { rowIdSchema } from "@/lib/db/row-id";

/** `?from=<agent, credential or identity id>&to=<resource id>[&classes=D1,D2][&limit=20]` */
export const pathsQuery = z.object({
  from: rowIdSchema,
  to: rowIdSchema,
  classes: z
    .string()
    .optional()
    .transform((text) => (text ? text.split(",").map((c) => c.trim()) : undefined))
    .pipe(z.array(z.enum(ACTION_CLASSES)).nonempty().optional()),
  limit: z.coerce.number().int().min(1).max(200).default(20),
});
