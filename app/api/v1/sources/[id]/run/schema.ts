import { z } from "zod";
import { rowIdSchema } from "@/lib/db/row-id";

export const runSourceParams = z.object({ id: rowIdSchema });
