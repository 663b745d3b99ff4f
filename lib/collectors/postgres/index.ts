/**
 * The `postgres` collector: roles, memberships, ownership and table privileges of one live server, read
 * through a connection string. What the connecting role may not see becomes a warning, not a failure.
 */
import { z } from "zod";
import type { Collector } from "@/lib/collectors/types";
import { mapPostgresCatalog } from "@/lib/collectors/postgres/map";
import { readPostgresCatalog } from "@/lib/collectors/postgres/read";

export const postgresConfigSchema = z.object({
  url: z
    .string()
    .min(1)
    .refine((value) => /^postgres(ql)?:\/\//.test(value), "must look like postgres://user:password@host:5432/database"),
  /** Only these databases; by default every database the role may connect to. */
  databases: z.array(z.string().min(1)).optional(),
});
export type PostgresConfig = z.infer<typeof postgresConfigSchema>;

export const postgresCollector: Collector<PostgresConfig> = {
  name: "postgres",
  description: "Postgres roles, memberships, ownership and table privileges from a live server",
  configSchema: postgresConfigSchema,
  async collect(config, ctx) {
    const { catalog, warnings } = await readPostgresCatalog({
      url: config.url,
      databases: config.databases,
      signal: ctx.signal,
      onProgress: (update) => ctx.progress(update),
    });
    ctx.progress({ phase: "mapping" });
    return mapPostgresCatalog(catalog, warnings);
  },
};

export { computeEffectivePrivileges, mapPostgresCatalog } from "@/lib/collectors/postgres/map";
export type { PostgresCatalog } from "@/lib/collectors/postgres/map";
