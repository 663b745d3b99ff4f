/**
 * Turns `blastmap collect <name>` flags into that collector's config, which its own zod schema then checks.
 */
import os from "node:os";
import path from "node:path";
import type { CollectorName } from "@/lib/collectors/registry";

export type CollectFlags = Record<string, string | string[] | boolean | undefined>;

const abs = (value: string) => path.resolve(value);
const list = (value: CollectFlags[string]): string[] => (Array.isArray(value) ? value : typeof value === "string" ? [value] : []);
const one = (value: CollectFlags[string]): string | undefined => list(value).at(-1);

export const COLLECT_FLAG_SPEC = {
  root: { type: "string", multiple: true },
  home: { type: "string" },
  machine: { type: "string" },
  "skip-dir": { type: "string", multiple: true },
  "max-depth": { type: "string" },
  file: { type: "string" },
  "access-keys": { type: "string" },
  url: { type: "string" },
  manifests: { type: "string" },
  cluster: { type: "string" },
  kubeconfig: { type: "string" },
  context: { type: "string" },
  database: { type: "string", multiple: true },
} as const;

export function configFromFlags(name: CollectorName, flags: CollectFlags): Record<string, unknown> {
  switch (name) {
    case "workspace":
      return {
        roots: list(flags.root).map(abs),
        // From the CLI the home folder defaults to the current user's; the server never scans one implicitly.
        home: abs(one(flags.home) ?? os.homedir()),
        machine: one(flags.machine),
        skipDirs: flags["skip-dir"] ? list(flags["skip-dir"]) : undefined,
        // A number, or the string itself so the schema names what is wrong with it.
        maxDepth: optionalInteger(one(flags["max-depth"])),
      };
    case "aws-iam":
      return { file: optionalPath(one(flags.file)), accessKeysFile: optionalPath(one(flags["access-keys"])) };
    case "postgres":
      return { url: one(flags.url), databases: flags.database ? list(flags.database) : undefined };
    case "kubernetes":
      return {
        manifests: optionalPath(one(flags.manifests)),
        cluster: one(flags.cluster),
        kubeconfig: optionalPath(one(flags.kubeconfig)),
        context: one(flags.context),
      };
    case "inventory":
      return { file: optionalPath(one(flags.file)) };
    default: {
      const unhandled: never = name;
      throw new Error(`unhandled collector ${String(unhandled)}`);
    }
  }
}

function optionalInteger(value: string | undefined): number | string | undefined {
  if (value === undefined) return undefined;
  return /^\d+$/.test(value) ? Number(value) : value;
}

function optionalPath(value: string | undefined): string | undefined {
  return value === undefined ? undefined : abs(value);
}
