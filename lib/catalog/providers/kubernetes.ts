/**
 * Kubernetes. WHY: a kubeconfig names the API server and, through the client certificate's subject or the
 * token's claims, the identity RBAC sees; the Kubernetes collector reports the same identity with its real
 * bindings. Until it does, the worst case is cluster-admin: delete volumes' claims and namespaces (data),
 * workloads (compute), and bind roles (escalation).
 */
import type { ProviderCatalogEntry } from "@/lib/catalog/providers/types";
import { k8sResourceKey, k8sServiceAccountKey, k8sUserKey } from "@/lib/graph/keys";
import type { NodeRef } from "@/lib/graph/types";

export const kubernetesCatalog: ProviderCatalogEntry = (cred, graph) => {
  const id = cred.identity ?? {};
  const server = typeof id.server === "string" ? id.server : undefined;
  let identity: NodeRef;
  if (server && typeof id.serviceAccount === "string" && typeof id.namespace === "string") {
    identity = graph.node("identity", k8sServiceAccountKey(server, id.namespace, id.serviceAccount), `${id.namespace}/${id.serviceAccount}`, { provider: "kubernetes", serviceAccount: id.serviceAccount, namespace: id.namespace }, true);
    graph.authenticatesAs(identity, false);
  } else if (server && typeof id.user === "string" && cred.kind !== "bearer-token") {
    identity = graph.node("identity", k8sUserKey(server, id.user), id.user, { provider: "kubernetes", user: id.user }, true);
    graph.authenticatesAs(identity, false);
  } else {
    identity = graph.tokenOwner("kubernetes", "Kubernetes identity of this token (unknown offline)");
  }
  const resource = (name: string, label: string): NodeRef =>
    server
      ? graph.node("resource", k8sResourceKey(server, null, name), `${label} on ${server}`, { provider: "kubernetes", resource: name }, true)
      : graph.visible("kubernetes", name, `every ${label} this token can see`);
  const note = "RBAC bindings not collected: worst case (cluster-admin)";
  graph.can(identity, resource("persistentvolumeclaims", "PersistentVolumeClaims"), [{ action: "delete", class: "D1" }], note);
  graph.can(identity, resource("namespaces", "namespaces"), [{ action: "delete", class: "D1" }], note);
  graph.can(identity, resource("deployments", "deployments"), [{ action: "delete", class: "D3" }], note);
  graph.can(identity, resource("clusterrolebindings", "ClusterRoleBindings"), [{ action: "create", class: "D4" }], note);
  graph.can(identity, resource("secrets", "secrets"), [{ action: "get", class: "R" }], note);
};
