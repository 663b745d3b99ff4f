/**
 * What a sweep the server runs may read and connect to, from the operator's settings (README "What the
 * server can reach"), and the check of a source's own paths and hosts before its collector starts. The
 * same refusal whether a path exists or a port is open, so a source cannot be used to probe the server.
 */
import { createHostPolicy, type HostPolicy } from "@/lib/collectors/host-policy";
import { createReadScope, type ReadScope } from "@/lib/collectors/read-scope";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";

export interface ServerReach {
  files: ReadScope;
  hosts: HostPolicy;
}

export function serverReach(): ServerReach {
  const env = getEnv();
  return {
    files: createReadScope({ allowedRoots: env.BLASTMAP_ALLOWED_ROOTS, deniedRoots: [env.dataDir] }),
    hosts: createHostPolicy(env.BLASTMAP_ALLOWED_HOSTS),
  };
}

/** Throws when the config names a path or a host the server may not reach. */
export function assertSourceWithinReach(collector: string, config: Record<string, unknown>, reach: ServerReach): void {
  for (const [field, value] of pathFields(collector, config)) {
    if (!reach.files.allows(value)) throw new AppError("bad_request:config", `config.${field}: ${value} is not a path this server may read (only ${reach.files.describe()})`);
  }
  for (const [field, url] of hostFields(collector, config)) {
    for (const { host, port } of url) {
      if (!reach.hosts.allows(host, port)) throw new AppError("bad_request:config", `config.${field}: ${host} is not a host this server may connect to (only ${reach.hosts.describe()})`);
    }
  }
}

function pathFields(collector: string, config: Record<string, unknown>): [string, string][] {
  const fields: Record<string, string[]> = {
    workspace: ["roots", "home"],
    inventory: ["file"],
    "aws-iam": ["file", "accessKeysFile"],
    kubernetes: ["manifests", "kubeconfig"],
  };
  return (fields[collector] ?? []).flatMap((field) => {
    const value = config[field];
    const values = Array.isArray(value) ? value : [value];
    return values.filter((v): v is string => typeof v === "string").map((v) => [field, v] as [string, string]);
  });
}

function hostFields(collector: string, config: Record<string, unknown>): [string, { host: string; port?: string }[]][] {
  const field = collector === "postgres" ? "url" : collector === "kubernetes" ? "cluster" : undefined;
  const value = field ? config[field] : undefined;
  if (!field || typeof value !== "string") return [];
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return [];
  }
  // libpq also takes hosts from the query string (?host=a,b): each is a host it may connect to.
  const extra = url.searchParams.getAll("host").flatMap((h) => h.split(",")).filter((h) => h && !h.startsWith("/"));
  return [[field, [{ host: url.hostname, port: url.port || undefined }, ...extra.map((host) => ({ host }))]]];
}
