/**
 * Live mode without a cluster: the client is replaced by a fake that answers the six list calls the way
 * the real one does (items without `kind`).
 */
import { describe, expect, it, vi } from "vitest";

vi.mock("@kubernetes/client-node", () => {
  const lists = {
    listNamespace: async () => ({ items: [{ metadata: { name: "prod" } }] }),
    listServiceAccountForAllNamespaces: async () => ({ items: [{ metadata: { name: "deployer", namespace: "prod" } }] }),
    listRoleForAllNamespaces: async () => ({
      items: [{ metadata: { name: "cleaner", namespace: "prod" }, rules: [{ apiGroups: [""], resources: ["persistentvolumeclaims"], verbs: ["delete"] }] }],
    }),
    listClusterRole: async () => ({ items: [] }),
    listRoleBindingForAllNamespaces: async () => ({
      items: [{ metadata: { name: "b", namespace: "prod" }, roleRef: { kind: "Role", name: "cleaner" }, subjects: [{ kind: "ServiceAccount", name: "deployer" }] }],
    }),
    listClusterRoleBinding: async () => ({ items: [] }),
  };
  class KubeConfig {
    loadFromFile(file: string) {
      if (file === "missing") throw new Error("ENOENT: no such file");
    }
    loadFromDefault() {}
    setCurrentContext() {}
    getCurrentCluster() {
      return { server: "https://live.example.com:6443" };
    }
    makeApiClient() {
      return lists;
    }
  }
  return { KubeConfig, CoreV1Api: class {}, RbacAuthorizationV1Api: class {} };
});

const { kubernetesCollector } = await import("@/lib/collectors/kubernetes");
const { silentContext } = await import("@/lib/collectors/types");
const { k8sResourceKey, k8sServiceAccountKey } = await import("@/lib/graph/keys");

describe("kubernetes collector, live mode", () => {
  it("lists RBAC objects through the client and keys them by the kubeconfig's server", async () => {
    const batch = await kubernetesCollector.collect({ kubeconfig: "kubeconfig.yaml" }, silentContext(Buffer.alloc(32)));
    const cluster = "https://live.example.com:6443";
    expect(batch.edges).toContainEqual(
      expect.objectContaining({
        kind: "can",
        src: { kind: "identity", key: k8sServiceAccountKey(cluster, "prod", "deployer") },
        dst: { kind: "resource", key: k8sResourceKey(cluster, "prod", "persistentvolumeclaims") },
        props: expect.objectContaining({ action: "delete persistentvolumeclaims", class: "D1" }),
      }),
    );
  });

  it("reports an unreadable kubeconfig as a config error", async () => {
    await expect(kubernetesCollector.collect({ kubeconfig: "missing" }, silentContext(Buffer.alloc(32)))).rejects.toThrow(
      /cannot load kubeconfig: ENOENT/,
    );
  });
});
