import { z } from "zod";

export const tokenParams = z.object({ id: z.coerce.number().int().positive() });
