/**
 * Well-known credential stores, parsed by their structure rather than by patterns, because their secrets
 * often have no recognisable shape (a Railway UUID, a pgpass password) and their structure carries the
 * identity (profile, host, user, registry, cluster).
 */
import path from "node:path";
import type { Detection } from "@/lib/credentials/types";
import type { LineLocator } from "@/lib/credentials/text-lines";
import { detectAwsCredentialsFile } from "@/lib/credentials/stores/aws-credentials";
import { detectDockerConfigFile } from "@/lib/credentials/stores/docker-config";
import { detectEnvFileSecrets } from "@/lib/credentials/stores/env-secrets";
import { detectGhHostsFile } from "@/lib/credentials/stores/gh-hosts";
import { detectKubeconfigFile, looksLikeKubeconfig } from "@/lib/credentials/stores/kubeconfig";
import { detectNetrcFile } from "@/lib/credentials/stores/netrc";
import { detectNpmrcFile } from "@/lib/credentials/stores/npmrc";
import { detectPgpassFile } from "@/lib/credentials/stores/pgpass";
import { detectRailwayConfigFile } from "@/lib/credentials/stores/railway-config";

export type StoreKind = "aws-credentials" | "kubeconfig" | "railway-config" | "gh-hosts" | "npmrc" | "pgpass" | "docker-config" | "netrc" | "env";

/** Which store a path is, from its name alone (so the tree walk can send it past the prefilter). */
export function storeKindOfPath(file: string): StoreKind | undefined {
  const normalized = file.split(path.sep).join("/");
  const base = path.posix.basename(normalized);
  if (/(^|\/)\.aws\/(credentials|config)$/.test(normalized)) return "aws-credentials";
  if (/(^|\/)\.kube\/config$/.test(normalized) || /kubeconfig/i.test(base)) return "kubeconfig";
  if (/(^|\/)\.railway\/config\.json$/.test(normalized)) return "railway-config";
  if (/(^|\/)gh\/hosts\.ya?ml$/.test(normalized)) return "gh-hosts";
  if (base === ".npmrc") return "npmrc";
  if (base === ".pgpass") return "pgpass";
  if (/(^|\/)\.docker\/config\.json$/.test(normalized)) return "docker-config";
  if (base === ".netrc" || base === "_netrc") return "netrc";
  if (base === ".env" || base.startsWith(".env.") || base.endsWith(".env")) return "env";
  return undefined;
}

export function detectInStore(kind: StoreKind | undefined, text: string, lines: LineLocator): Detection[] {
  switch (kind) {
    case "aws-credentials":
      return detectAwsCredentialsFile(text);
    case "kubeconfig":
      return detectKubeconfigFile(text, lines);
    case "railway-config":
      return detectRailwayConfigFile(text, lines);
    case "gh-hosts":
      return detectGhHostsFile(text, lines);
    case "npmrc":
      return detectNpmrcFile(text);
    case "pgpass":
      return detectPgpassFile(text);
    case "docker-config":
      return detectDockerConfigFile(text, lines);
    case "netrc":
      return detectNetrcFile(text);
    case "env":
      return detectEnvFileSecrets(text);
    case undefined:
      // A kubeconfig may live under any name; its content says what it is.
      return looksLikeKubeconfig(text) ? detectKubeconfigFile(text, lines) : [];
    default: {
      const unreachable: never = kind;
      return unreachable;
    }
  }
}
