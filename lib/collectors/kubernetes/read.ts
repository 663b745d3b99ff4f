/**
 * Reads RBAC objects from a folder of manifests, or from a live cluster through a kubeconfig.
 * Manifests are parsed with `yaml` rather than the client's loader, which throws on empty documents
 * (`---` followed by nothing), a thing real manifest folders are full of.
 */
import fs from "node:fs/promises";
import path from "node:path";
import { LineCounter, parseAllDocuments } from "yaml";
import { AppError } from "@/lib/errors";
import type { CollectorWarning } from "@/lib/graph/types";
import type { K8sObject } from "@/lib/collectors/kubernetes/map";

const MANIFEST_EXTENSIONS = new Set([".yaml", ".yml", ".json"]);
const SKIP_DIRS = new Set(["node_modules", ".git"]);

export async function readManifestFolder(root: string, signal?: AbortSignal): Promise<{ objects: K8sObject[]; warnings: CollectorWarning[] }> {
  let stat;
  try {
    stat = await fs.stat(root);
  } catch (error) {
    throw new AppError("bad_request:config", `kubernetes manifests folder "${root}" does not exist`, { cause: error });
  }
  const files = stat.isDirectory() ? await listManifestFiles(root) : [root];
  const objects: K8sObject[] = [];
  const warnings: CollectorWarning[] = [];
  for (const file of files) {
    signal?.throwIfAborted();
    const text = await fs.readFile(file, "utf8");
    const parsed = parseManifestText(text, file);
    for (const object of parsed.objects) objects.push(object);
    for (const warning of parsed.warnings) warnings.push(warning);
  }
  return { objects, warnings };
}

/** Every object in one manifest file: multi-document YAML, JSON, and `kind: List` wrappers unwrapped. */
export function parseManifestText(text: string, file: string): { objects: K8sObject[]; warnings: CollectorWarning[] } {
  const lineCounter = new LineCounter();
  const objects: K8sObject[] = [];
  const warnings: CollectorWarning[] = [];
  for (const doc of parseAllDocuments(text, { lineCounter })) {
    const line = lineCounter.linePos(doc.contents?.range[0] ?? doc.range[0]).line;
    if (doc.errors.length > 0) {
      const error = doc.errors[0];
      warnings.push({
        code: "kubernetes:invalid_manifest",
        message: `${file}:${error.linePos?.[0].line ?? line}: ${error.message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "")}`,
        location: { file, line: error.linePos?.[0].line ?? line },
      });
      continue;
    }
    let value: unknown;
    try {
      // An alias to no anchor, or aliases past the cap (a "billion laughs" file), fail only here.
      value = doc.toJS({ maxAliasCount: 100 });
    } catch (error) {
      const reason = error instanceof Error ? error.message.split("\n")[0] : "unreadable";
      warnings.push({ code: "kubernetes:invalid_manifest", message: `${file}:${line}: ${reason}`, location: { file, line } });
      continue;
    }
    if (value === null || value === undefined) continue; // an empty document
    collectObjects(value, { file, line }, objects, warnings);
  }
  return { objects, warnings };
}

function collectObjects(value: unknown, location: { file: string; line: number }, out: K8sObject[], warnings: CollectorWarning[]): void {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    warnings.push({ code: "kubernetes:invalid_manifest", message: `${location.file}:${location.line}: not a Kubernetes object`, location });
    return;
  }
  const object = value as K8sObject & { items?: unknown };
  if (object.kind === "List" || (typeof object.kind === "string" && object.kind.endsWith("List") && Array.isArray(object.items))) {
    const items = Array.isArray(object.items) ? object.items : [];
    for (const item of items) collectObjects(item, location, out, warnings);
    return;
  }
  out.push({ ...object, location });
}

async function listManifestFiles(root: string): Promise<string[]> {
  const out: string[] = [];
  const entries = await fs.readdir(root, { withFileTypes: true });
  entries.sort((a, b) => a.name.localeCompare(b.name));
  for (const entry of entries) {
    const full = path.join(root, entry.name);
    if (entry.isDirectory()) {
      if (!SKIP_DIRS.has(entry.name)) for (const file of await listManifestFiles(full)) out.push(file);
    } else if (entry.isFile() && MANIFEST_EXTENSIONS.has(path.extname(entry.name).toLowerCase())) {
      out.push(full);
    }
  }
  return out;
}

/**
 * Lists RBAC objects from a live cluster. The client is imported lazily: it is large and only this path needs it.
 * Not exercised by the tests (no cluster on the test machine).
 */
export async function readLiveCluster(options: { kubeconfig?: string; context?: string }): Promise<{ cluster: string; objects: K8sObject[] }> {
  const k8s = await import("@kubernetes/client-node");
  const kc = new k8s.KubeConfig();
  try {
    if (options.kubeconfig) kc.loadFromFile(options.kubeconfig);
    else kc.loadFromDefault();
    if (options.context) kc.setCurrentContext(options.context);
  } catch (error) {
    throw new AppError("bad_request:config", `cannot load kubeconfig: ${(error as Error).message}`, { cause: error });
  }
  const server = kc.getCurrentCluster()?.server;
  if (!server) throw new AppError("bad_request:config", "the kubeconfig has no current cluster");
  const rbac = kc.makeApiClient(k8s.RbacAuthorizationV1Api);
  const core = kc.makeApiClient(k8s.CoreV1Api);
  try {
    // List responses omit kind on items, so it is put back here.
    const [namespaces, serviceAccounts, roles, clusterRoles, roleBindings, clusterRoleBindings] = await Promise.all([
      core.listNamespace(),
      core.listServiceAccountForAllNamespaces(),
      rbac.listRoleForAllNamespaces(),
      rbac.listClusterRole(),
      rbac.listRoleBindingForAllNamespaces(),
      rbac.listClusterRoleBinding(),
    ]);
    const withKind = (kind: string, items: object[]) => items.map((item) => ({ ...(item as K8sObject), kind }));
    return {
      cluster: server,
      objects: [
        ...withKind("Namespace", namespaces.items),
        ...withKind("ServiceAccount", serviceAccounts.items),
        ...withKind("Role", roles.items),
        ...withKind("ClusterRole", clusterRoles.items),
        ...withKind("RoleBinding", roleBindings.items),
        ...withKind("ClusterRoleBinding", clusterRoleBindings.items),
      ],
    };
  } catch (error) {
    throw new AppError("collector:failed", `cannot list RBAC objects from ${server}: ${(error as Error).message}`, { cause: error });
  }
}
