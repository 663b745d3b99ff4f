import { z } from "zod";
import { rowIdSchema } from "@/lib/db/row-id";

export const sweepParams = z.object({ id: rowIdSchema });
