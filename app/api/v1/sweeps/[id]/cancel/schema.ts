import { z } from "zod";

export const cancelSweepParams = z.object({ id: z.coerce.number().int().positive() });
