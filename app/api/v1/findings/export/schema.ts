import { z } from "zod";
import { EXPORT_FORMATS } from "@/lib/findings/export/export-findings";

/** `format` picks the file; every other parameter is the findings page's filter (lib/findings/finding-query.ts). */
export const exportQuerySchema = z.looseObject({ format: z.enum(EXPORT_FORMATS) });
