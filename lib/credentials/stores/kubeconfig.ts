/**
 * kubeconfig (`~/.kube/config` and any YAML with `kind: Config`): each user's secret (bearer token, client
 * key, basic-auth password) joined to the API server of the contexts that use it. The identity RBAC sees
 * is what matters: the client certificate's CN (user) and O (groups), or the service account a token's
 * claims name; the kubeconfig's own user label is only a local alias.
 */
import { X509Certificate } from "node:crypto";
import { parse } from "yaml";
import { readJwtClaims, serviceAccountOfClaims } from "@/lib/credentials/detectors/jwt-claims";
import type { Detection } from "@/lib/credentials/types";
import { lineOfValue, type LineLocator } from "@/lib/credentials/text-lines";

interface KubeUser {
  token?: unknown;
  "client-key-data"?: unknown;
  "client-certificate-data"?: unknown;
  password?: unknown;
  username?: unknown;
}
interface KubeConfig {
  kind?: unknown;
  clusters?: Array<{ name?: string; cluster?: { server?: string } }>;
  users?: Array<{ name?: string; user?: KubeUser }>;
  contexts?: Array<{ name?: string; context?: { cluster?: string; user?: string; namespace?: string } }>;
}

export function looksLikeKubeconfig(text: string): boolean {
  return /^kind:\s*Config\s*$/m.test(text) && /^users:/m.test(text);
}

/** CN and O of a base64 PEM client certificate: the user name and groups the API server authenticates. */
function certificateSubject(certData: unknown): { user?: string; groups?: string } {
  if (typeof certData !== "string") return {};
  try {
    const cert = new X509Certificate(Buffer.from(certData, "base64"));
    const parts = cert.subject.split("\n");
    const cn = parts.find((p) => p.startsWith("CN="))?.slice(3);
    const groups = parts.filter((p) => p.startsWith("O=")).map((p) => p.slice(2));
    return { user: cn, groups: groups.length ? groups.join(",") : undefined };
  } catch {
    return {};
  }
}

export function detectKubeconfigFile(text: string, lines: LineLocator): Detection[] {
  let config: KubeConfig;
  try {
    config = (parse(text) ?? {}) as KubeConfig;
  } catch {
    return [];
  }
  const serverOfCluster = new Map((config.clusters ?? []).map((c) => [c.name, c.cluster?.server]));
  const found: Detection[] = [];
  for (const entry of config.users ?? []) {
    const user = entry.user ?? {};
    const alias = entry.name ?? "unnamed";
    const context = (config.contexts ?? []).find((c) => c.context?.user === alias);
    const server = serverOfCluster.get(context?.context?.cluster) ?? undefined;
    const base = { kubeconfigUser: alias, ...(server ? { server } : {}) };
    const push = (value: string, kind: string, identity: Record<string, string>, envVar: string) =>
      found.push({
        value,
        provider: "kubernetes",
        kind,
        line: lineOfValue(text, value, lines),
        envVar,
        identity: Object.fromEntries(Object.entries({ ...base, ...identity }).filter(([, v]) => v !== undefined)) as Record<string, string>,
        source: "store",
        purposeHint: context?.name ? `kube context ${context.name}` : undefined,
      });
    if (typeof user.token === "string" && user.token.length >= 8) {
      const claims = readJwtClaims(user.token);
      const sa = claims ? serviceAccountOfClaims(claims) : undefined;
      push(user.token, sa ? "service-account-token" : "bearer-token", sa ?? {}, "token");
    }
    if (typeof user["client-key-data"] === "string") {
      const subject = certificateSubject(user["client-certificate-data"]);
      push(user["client-key-data"], "client-certificate", { user: subject.user ?? alias, ...(subject.groups ? { groups: subject.groups } : {}) }, "client-key-data");
    }
    if (typeof user.password === "string" && user.password) {
      push(user.password, "basic-auth", { user: typeof user.username === "string" ? user.username : alias }, "password");
    }
  }
  return found;
}
