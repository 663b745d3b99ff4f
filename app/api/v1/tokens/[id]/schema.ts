import { z } from "zod";
import { rowIdSchema } from "@/lib/db/row-id";

export const tokenParams = z.object({ id: rowIdSchema });
