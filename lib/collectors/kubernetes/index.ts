/**
 * The `kubernetes` collector: RBAC (service accounts, users, groups, roles, bindings) from a folder of
 * manifests or from a live cluster, mapped to what each subject may do to which resource types.
 */
import { z } from "zod";
import type { Collector } from "@/lib/collectors/types";
import { mapKubernetesObjects } from "@/lib/collectors/kubernetes/map";
import { readLiveCluster, readManifestFolder } from "@/lib/collectors/kubernetes/read";

export const kubernetesConfigSchema = z
  .object({
    /** A folder (or one file) of manifests: .yaml, .yml, .json. */
    manifests: z.string().min(1).optional(),
    /** The API server URL the manifests belong to; it names the cluster in every key. */
    cluster: z.string().url().optional(),
    /** Live mode: a kubeconfig file (default: the client's usual lookup) and an optional context. */
    kubeconfig: z.string().min(1).optional(),
    context: z.string().min(1).optional(),
  })
  .refine((config) => !config.manifests || config.cluster, {
    message: "cluster (the API server URL, e.g. https://k8s.example.com:6443) is required with manifests",
    path: ["cluster"],
  });
export type KubernetesConfig = z.infer<typeof kubernetesConfigSchema>;

export const kubernetesCollector: Collector<KubernetesConfig> = {
  name: "kubernetes",
  description: "Kubernetes RBAC from manifests or a live cluster: who may delete, read secrets, or escalate",
  configSchema: kubernetesConfigSchema,
  async collect(config, ctx) {
    if (config.manifests) {
      ctx.progress({ phase: "reading manifests" });
      const { objects, warnings } = await readManifestFolder(config.manifests, ctx.signal);
      ctx.progress({ phase: "mapping", total: objects.length });
      return mapKubernetesObjects(config.cluster!, objects, warnings);
    }
    ctx.progress({ phase: "listing RBAC objects" });
    const live = await readLiveCluster({ kubeconfig: config.kubeconfig, context: config.context });
    return mapKubernetesObjects(config.cluster ?? live.cluster, live.objects);
  },
};

export { classifyK8sVerb, mapKubernetesObjects } from "@/lib/collectors/kubernetes/map";
