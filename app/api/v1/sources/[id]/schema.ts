import { z } from "zod";
import { sourceInputSchema } from "@/lib/sweeps/manage-sources";
import { rowIdSchema } from "@/lib/db/row-id";

export const sourceParams = z.object({ id: rowIdSchema });

/** PATCH replaces the whole definition; a secret sent back as the placeholder keeps the stored one. */
export const updateSourceBody = sourceInputSchema;
