/**
 * The user-facing ClusterRoles every cluster ships (cluster-admin, admin, edit, view). Manifest folders bind
 * to them without defining them, so without this a binding to cluster-admin would grant nothing. The rules
 * follow upstream's aggregated roles, reduced to the resource types the mapping classifies; a ClusterRole of
 * the same name in the manifests (or from a live cluster) replaces these.
 */
import type { PolicyRule } from "@/lib/collectors/kubernetes/map";

const READ = ["get", "list", "watch"];
const WRITE = ["create", "update", "patch", "delete", "deletecollection"];
const WORKLOADS: PolicyRule[] = [
  { apiGroups: [""], resources: ["pods", "services", "configmaps", "persistentvolumeclaims", "replicationcontrollers", "serviceaccounts", "endpoints"], verbs: [] },
  { apiGroups: ["apps"], resources: ["deployments", "statefulsets", "daemonsets", "replicasets"], verbs: [] },
  { apiGroups: ["batch"], resources: ["jobs", "cronjobs"], verbs: [] },
  { apiGroups: ["networking.k8s.io"], resources: ["ingresses", "networkpolicies"], verbs: [] },
];
const withVerbs = (rules: PolicyRule[], verbs: string[]) => rules.map((rule) => ({ ...rule, verbs }));

const VIEW: PolicyRule[] = [
  ...withVerbs(WORKLOADS, READ),
  { apiGroups: [""], resources: ["pods/log", "events", "resourcequotas", "limitranges", "namespaces"], verbs: READ },
];
const EDIT: PolicyRule[] = [
  ...VIEW,
  ...withVerbs(WORKLOADS, WRITE),
  { apiGroups: [""], resources: ["secrets"], verbs: [...READ, ...WRITE] },
  { apiGroups: [""], resources: ["pods/exec"], verbs: ["create", "get"] },
  { apiGroups: [""], resources: ["serviceaccounts/token"], verbs: ["create"] },
  { apiGroups: [""], resources: ["serviceaccounts"], verbs: ["impersonate"] },
];
const ADMIN: PolicyRule[] = [
  ...EDIT,
  { apiGroups: ["rbac.authorization.k8s.io"], resources: ["roles", "rolebindings"], verbs: [...READ, ...WRITE] },
];

export const DEFAULT_CLUSTER_ROLES: Record<string, PolicyRule[]> = {
  "cluster-admin": [{ apiGroups: ["*"], resources: ["*"], verbs: ["*"] }],
  admin: ADMIN,
  edit: EDIT,
  view: VIEW,
};
