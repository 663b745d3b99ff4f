/**
 * A starting config per collector, shown when the collector is picked in the source form (fields as each
 * collector's config schema names them; see lib/collectors/<name>).
 */
import type { CollectorName } from "@/lib/collectors/registry";

export const CONFIG_TEMPLATES: Record<CollectorName, Record<string, unknown>> = {
  workspace: { roots: ["/home/me/projects"], home: "/home/me" },
  "aws-iam": { file: "/path/to/authorization-details.json" },
  postgres: { url: "postgres://auditor:password@db.internal:5432/postgres" },
  kubernetes: { manifests: "/path/to/rbac-manifests" },
  inventory: { file: "/path/to/inventory.json" },
};

export function configTemplate(collector: string): string {
  const template = (CONFIG_TEMPLATES as Record<string, Record<string, unknown>>)[collector] ?? {};
  return JSON.stringify(template, null, 2);
}
