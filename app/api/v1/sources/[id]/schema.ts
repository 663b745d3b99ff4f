import { z } from "zod";
import { sourceInputSchema } from "@/lib/sweeps/manage-sources";

export const sourceParams = z.object({ id: z.coerce.number().int().positive() });

/** PATCH replaces the whole definition; a secret sent back as the placeholder keeps the stored one. */
export const updateSourceBody = sourceInputSchema;
