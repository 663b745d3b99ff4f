import { z } from "zod";

export const runSourceParams = z.object({ id: z.coerce.number().int().positive() });
