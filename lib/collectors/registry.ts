/**
 * Every collector, by name. Loaded lazily so `blastmap collect workspace` does not load the AWS action
 * catalogue. Adding a name to COLLECTOR_NAMES is a compile error until loadCollector handles it.
 */
import type { Collector } from "@/lib/collectors/types";

export const COLLECTOR_NAMES = ["workspace", "aws-iam", "postgres", "kubernetes", "inventory"] as const;
export type CollectorName = (typeof COLLECTOR_NAMES)[number];

export function isCollectorName(name: string): name is CollectorName {
  return (COLLECTOR_NAMES as readonly string[]).includes(name);
}

export async function loadCollector(name: CollectorName): Promise<Collector<unknown>> {
  switch (name) {
    case "workspace":
      return (await import("@/lib/collectors/workspace")).workspaceCollector as Collector<unknown>;
    case "aws-iam":
      return (await import("@/lib/collectors/aws-iam")).awsIamCollector as Collector<unknown>;
    case "postgres":
      return (await import("@/lib/collectors/postgres")).postgresCollector as Collector<unknown>;
    case "kubernetes":
      return (await import("@/lib/collectors/kubernetes")).kubernetesCollector as Collector<unknown>;
    case "inventory":
      return (await import("@/lib/collectors/inventory")).inventoryCollector as Collector<unknown>;
    default: {
      const unhandled: never = name;
      throw new Error(`unhandled collector ${String(unhandled)}`);
    }
  }
}
