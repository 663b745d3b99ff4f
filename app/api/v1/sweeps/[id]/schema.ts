import { z } from "zod";

export const sweepParams = z.object({ id: z.coerce.number().int().positive() });
