import { z } from "zod";

export const createTokenBody = z.object({
  name: z.string().trim().min(1).max(100),
  /** The sources this token may push batches to. */
  sourceIds: z.array(z.number().int().positive()).min(1, "name at least one source"),
});
