import { z } from "zod";
import { rowIdSchema } from "@/lib/db/row-id";

export const cancelSweepParams = z.object({ id: rowIdSchema });
