import { sourceInputSchema } from "@/lib/sweeps/manage-sources";

/** POST /api/v1/sources — a collector, its config (secrets are sealed), a cron schedule or null. */
export const createSourceBody = sourceInputSchema;
