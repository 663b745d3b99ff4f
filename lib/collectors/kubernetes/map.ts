/**
 * Pure mapping from Kubernetes RBAC objects to the graph. Bindings are resolved to their subjects here, so a
 * `can` edge says "this subject may do this verb on this resource type in this scope", with the bindings
 * that grant it. A RoleBinding only ever grants inside its own namespace, even when it points at a
 * ClusterRole; a ClusterRoleBinding grants cluster-wide, which is modelled as the "every namespace" resource
 * node that `contains` the per-namespace ones.
 */
import type { ActionClass, CollectorWarning, GraphBatch, GraphEdge, GraphNode, NodeRef } from "@/lib/graph/types";
import {
  k8sClusterKey,
  k8sGroupKey,
  k8sNamespaceKey,
  k8sResourceKey,
  k8sServiceAccountKey,
  k8sUserKey,
} from "@/lib/graph/keys";
import { DEFAULT_CLUSTER_ROLES } from "@/lib/collectors/kubernetes/default-cluster-roles";

export interface K8sLocation {
  file?: string;
  line?: number;
}
export interface K8sObject {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; namespace?: string; labels?: Record<string, string> };
  rules?: PolicyRule[] | null;
  aggregationRule?: { clusterRoleSelectors?: LabelSelector[] } | null;
  roleRef?: { apiGroup?: string; kind?: string; name?: string };
  subjects?: Subject[] | null;
  /** Where the object came from, for warnings; not part of Kubernetes. */
  location?: K8sLocation;
}
export interface PolicyRule {
  apiGroups?: string[];
  resources?: string[];
  verbs?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}
export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}
export interface Subject {
  kind?: string;
  name?: string;
  namespace?: string;
  apiGroup?: string;
}

interface ResourceType {
  resource: string;
  group: string;
  namespaced: boolean;
}

/**
 * The built-in resource types a wildcard rule expands to. Rules that name other resources (custom
 * resources) keep their names and are treated as namespaced, which is what most custom resources are.
 */
const BUILT_IN_RESOURCES: ResourceType[] = [
  ...["pods", "pods/exec", "pods/log", "services", "configmaps", "secrets", "persistentvolumeclaims", "serviceaccounts", "serviceaccounts/token", "endpoints", "events", "replicationcontrollers", "resourcequotas", "limitranges"].map((resource) => ({ resource, group: "", namespaced: true })),
  ...["namespaces", "nodes", "persistentvolumes"].map((resource) => ({ resource, group: "", namespaced: false })),
  ...["deployments", "statefulsets", "daemonsets", "replicasets"].map((resource) => ({ resource, group: "apps", namespaced: true })),
  ...["jobs", "cronjobs"].map((resource) => ({ resource, group: "batch", namespaced: true })),
  ...["roles", "rolebindings"].map((resource) => ({ resource, group: "rbac.authorization.k8s.io", namespaced: true })),
  ...["clusterroles", "clusterrolebindings"].map((resource) => ({ resource, group: "rbac.authorization.k8s.io", namespaced: false })),
  { resource: "ingresses", group: "networking.k8s.io", namespaced: true },
  { resource: "networkpolicies", group: "networking.k8s.io", namespaced: true },
  { resource: "storageclasses", group: "storage.k8s.io", namespaced: false },
  { resource: "volumesnapshots", group: "snapshot.storage.k8s.io", namespaced: true },
  { resource: "customresourcedefinitions", group: "apiextensions.k8s.io", namespaced: false },
  { resource: "users", group: "", namespaced: false },
  { resource: "groups", group: "", namespaced: false },
];
const BUILT_IN_BY_NAME = new Map(BUILT_IN_RESOURCES.map((r) => [r.resource, r]));
const STANDARD_VERBS = ["get", "list", "watch", "create", "update", "patch", "delete", "deletecollection"];
/** Verbs that only mean something on some resources; a `*` verb includes them there. */
const SPECIAL_VERBS: Record<string, string[]> = {
  roles: ["escalate", "bind"],
  clusterroles: ["escalate", "bind"],
  users: ["impersonate"],
  groups: ["impersonate"],
  serviceaccounts: ["impersonate"],
};
const DATA_HOLDING_RESOURCES = new Set(["persistentvolumeclaims", "persistentvolumes", "namespaces"]);
const IDENTITY_RESOURCES = new Set([
  "roles",
  "rolebindings",
  "clusterroles",
  "clusterrolebindings",
  "serviceaccounts",
  "serviceaccounts/token",
]);
const BINDING_RESOURCES = new Set(["roles", "rolebindings", "clusterroles", "clusterrolebindings"]);

/** How dangerous one verb on one resource type is (see DESIGN.md for the classes). */
export function classifyK8sVerb(verb: string, resource: string): { class: ActionClass; exposesCredentials?: boolean } {
  if (verb === "delete" || verb === "deletecollection") return { class: DATA_HOLDING_RESOURCES.has(resource) ? "D1" : "D3" };
  if (verb === "escalate" || verb === "bind" || verb === "impersonate") return { class: "D4" };
  // Approving or signing a certificate request mints a client certificate for any user or group.
  if ((verb === "approve" || verb === "sign") && resource.startsWith("certificatesigningrequests")) return { class: "D4" };
  if (verb === "create" && IDENTITY_RESOURCES.has(resource)) return { class: "D4" };
  // Editing a role or binding grants permissions just as creating one does.
  if ((verb === "update" || verb === "patch") && BINDING_RESOURCES.has(resource)) return { class: "D4" };
  if (verb === "get" || verb === "list" || verb === "watch") {
    return resource === "secrets" ? { class: "R", exposesCredentials: true } : { class: "R" };
  }
  return { class: "W" };
}

interface Grant {
  subject: NodeRef;
  verb: string;
  resource: string;
  /** null: cluster-wide. */
  namespace: string | null;
  resourceNames?: string[];
  binding: string;
}

export function mapKubernetesObjects(cluster: string, objects: K8sObject[], warnings: CollectorWarning[] = []): GraphBatch {
  const nodes = new Map<string, GraphNode>();
  const edges = new Map<string, GraphEdge>();
  const addNode = (node: GraphNode) => {
    if (!nodes.has(node.key)) nodes.set(node.key, node);
    return { kind: node.kind, key: node.key } as NodeRef;
  };
  const addEdge = (edge: GraphEdge) => {
    const action = (edge.props as { action?: string } | undefined)?.action ?? "";
    const id = `${edge.kind}\u0000${edge.src.key}\u0000${edge.dst.key}\u0000${action}`;
    const existing = edges.get(id);
    if (!existing) edges.set(id, edge);
    else if (edge.kind === "can" || edge.kind === "can_assume") mergeBindings(existing, edge);
  };
  const warn = (object: K8sObject, message: string) =>
    warnings.push({ code: "kubernetes:invalid_object", message: `${describeObject(object)}: ${message}`, location: object.location });

  const clusterRef = addNode({ kind: "resource", key: k8sClusterKey(cluster), name: cluster, props: { type: "k8s-cluster" } });
  const namespaceRef = (namespace: string) => {
    const ref = addNode({
      kind: "resource",
      key: k8sNamespaceKey(cluster, namespace),
      name: namespace,
      props: { type: "k8s-namespace", parent: clusterRef.key },
    });
    addEdge({ kind: "contains", src: clusterRef, dst: ref, props: {} });
    return ref;
  };
  const groupRef = (name: string) =>
    addNode({ kind: "identity", key: k8sGroupKey(cluster, name), name, props: { provider: "kubernetes", type: "k8s-group" } });
  const authenticated = () => groupRef("system:authenticated");
  const serviceAccountRef = (namespace: string, name: string) => {
    const key = k8sServiceAccountKey(cluster, namespace, name);
    const known = nodes.has(key);
    const ref = addNode({
      kind: "identity",
      key,
      name: `${namespace}/${name}`,
      props: { provider: "kubernetes", type: "k8s-serviceaccount", namespace },
    });
    if (!known) {
      namespaceRef(namespace);
      // Every service account's token authenticates it into these groups, so bindings to them apply.
      for (const group of ["system:serviceaccounts", `system:serviceaccounts:${namespace}`, "system:authenticated"]) {
        addEdge({ kind: "member_of", src: ref, dst: groupRef(group), props: { implicit: true } });
      }
    }
    return ref;
  };
  const userRef = (name: string) => {
    const key = k8sUserKey(cluster, name);
    const known = nodes.has(key);
    const ref = addNode({ kind: "identity", key, name, props: { provider: "kubernetes", type: "k8s-user" } });
    if (!known) addEdge({ kind: "member_of", src: ref, dst: authenticated(), props: { implicit: true } });
    return ref;
  };

  const clusterRoles = new Map<string, K8sObject>(
    Object.entries(DEFAULT_CLUSTER_ROLES).map(([name, rules]) => [name, { kind: "ClusterRole", metadata: { name }, rules }]),
  );
  const roles = new Map<string, K8sObject>();
  const bindings: K8sObject[] = [];
  for (const object of objects) {
    const name = object.metadata?.name;
    const namespace = object.metadata?.namespace;
    switch (object.kind) {
      case "Namespace":
        if (name) namespaceRef(name);
        break;
      case "ServiceAccount":
        if (!name) warn(object, "missing metadata.name");
        else serviceAccountRef(namespace ?? "default", name);
        break;
      case "ClusterRole":
        if (!name) warn(object, "missing metadata.name");
        else clusterRoles.set(name, object);
        break;
      case "Role":
        if (!name) warn(object, "missing metadata.name");
        else roles.set(`${namespace ?? "default"}/${name}`, object);
        break;
      case "RoleBinding":
      case "ClusterRoleBinding":
        bindings.push(object);
        break;
      default:
        break; // other kinds (Deployments, ConfigMaps, …) carry no RBAC
    }
  }

  const aggregated = new Map<string, PolicyRule[]>();
  const rulesOfClusterRole = (name: string, visiting = new Set<string>()): PolicyRule[] => {
    const cached = aggregated.get(name);
    if (cached) return cached;
    const role = clusterRoles.get(name);
    if (!role || visiting.has(name)) return role?.rules ?? [];
    visiting.add(name);
    const rules = [...(role.rules ?? [])];
    // The aggregation controller fills `rules` from every ClusterRole a selector matches; in manifests it has not run yet.
    for (const selector of role.aggregationRule?.clusterRoleSelectors ?? []) {
      for (const [otherName, other] of clusterRoles) {
        if (otherName !== name && matchesSelector(other.metadata?.labels ?? {}, selector)) {
          rules.push(...rulesOfClusterRole(otherName, visiting));
        }
      }
    }
    visiting.delete(name);
    aggregated.set(name, rules);
    return rules;
  };

  const grants: Grant[] = [];
  for (const binding of bindings) {
    const isClusterBinding = binding.kind === "ClusterRoleBinding";
    const bindingNamespace = isClusterBinding ? null : (binding.metadata?.namespace ?? "default");
    const bindingName = `${binding.kind} ${bindingNamespace ? `${bindingNamespace}/` : ""}${binding.metadata?.name ?? "?"}`;
    const roleRef = binding.roleRef;
    let rules: PolicyRule[];
    if (roleRef?.kind === "ClusterRole" && roleRef.name) {
      if (!clusterRoles.has(roleRef.name)) warn(binding, `refers to ClusterRole "${roleRef.name}", which is neither in the manifests nor a default ClusterRole`);
      rules = rulesOfClusterRole(roleRef.name);
    } else if (roleRef?.kind === "Role" && roleRef.name && !isClusterBinding) {
      const role = roles.get(`${bindingNamespace}/${roleRef.name}`);
      if (!role) warn(binding, `refers to Role "${bindingNamespace}/${roleRef.name}", which is not in the manifests`);
      rules = role?.rules ?? [];
    } else {
      warn(binding, "has no valid roleRef");
      continue;
    }
    if (bindingNamespace) namespaceRef(bindingNamespace);
    for (const subject of binding.subjects ?? []) {
      const ref = subjectRef(subject, bindingNamespace);
      if (!ref) {
        warn(binding, `has a subject it cannot resolve (${subject.kind ?? "no kind"} ${subject.name ?? "without name"}; a service account also needs a namespace)`);
        continue;
      }
      for (const rule of rules) {
        for (const { verb, resource } of expandRule(rule)) {
          const type = BUILT_IN_BY_NAME.get(resource);
          const namespaced = type?.namespaced ?? true;
          if (bindingNamespace !== null && !namespaced) {
            // A RoleBinding cannot reach cluster-scoped objects, with one exception: the namespace it lives in.
            if (resource === "namespaces") grants.push({ subject: ref, verb, resource, namespace: bindingNamespace, resourceNames: rule.resourceNames, binding: bindingName });
            continue;
          }
          grants.push({ subject: ref, verb, resource, namespace: bindingNamespace, resourceNames: rule.resourceNames, binding: bindingName });
        }
      }
    }
  }

  function subjectRef(subject: Subject, bindingNamespace: string | null): NodeRef | undefined {
    if (!subject.name) return undefined;
    if (subject.kind === "ServiceAccount") {
      const namespace = subject.namespace ?? bindingNamespace;
      return namespace ? serviceAccountRef(namespace, subject.name) : undefined;
    }
    if (subject.kind === "User") return userRef(subject.name);
    if (subject.kind === "Group") return groupRef(subject.name);
    return undefined;
  }

  const clusterWideNamespaces = () =>
    [...nodes.values()].filter((n) => n.kind === "resource" && (n.props as { type?: string }).type === "k8s-namespace").map((n) => n.name);
  const resourceRef = (resource: string, namespace: string | null): NodeRef => {
    if (resource === "namespaces" && namespace !== null) return namespaceRef(namespace);
    const key = k8sResourceKey(cluster, namespace, resource);
    const existed = nodes.has(key);
    const namespaced = BUILT_IN_BY_NAME.get(resource)?.namespaced ?? true;
    const ref = addNode({
      kind: "resource",
      key,
      name: namespace === null ? (namespaced ? `${resource} (all namespaces)` : resource) : `${namespace}/${resource}`,
      props: {
        type: "k8s-resource-type",
        resource,
        namespace,
        scope: namespace !== null ? "namespace" : namespaced ? "all-namespaces" : "cluster",
      },
    });
    if (!existed) addEdge({ kind: "contains", src: namespace === null ? clusterRef : namespaceRef(namespace), dst: ref, props: {} });
    return ref;
  };

  for (const grant of grants) {
    const classified = classifyK8sVerb(grant.verb, grant.resource);
    const dst = resourceRef(grant.resource, grant.namespace);
    addEdge({
      kind: "can",
      src: grant.subject,
      dst,
      props: {
        action: `${grant.verb} ${grant.resource}`,
        class: classified.class,
        verb: grant.verb,
        resource: grant.resource,
        ...(classified.exposesCredentials ? { exposesCredentials: true } : {}),
        ...(grant.resourceNames?.length ? { resourceNames: grant.resourceNames } : {}),
        bindings: [grant.binding],
      },
    });
  }

  // Escalation: ways a subject can act as another identity. Reach follows can_assume edges with escalation=true.
  const identitiesOfType = (type: string) =>
    [...nodes.values()].filter((n) => n.kind === "identity" && (n.props as { type?: string }).type === type);
  const serviceAccounts = identitiesOfType("k8s-serviceaccount");
  for (const grant of grants) {
    const method = escalationMethod(grant.verb, grant.resource);
    if (!method) continue;
    let targets: NodeRef[];
    if (grant.resource === "users" || grant.resource === "groups") {
      const named = grant.resourceNames?.map((name) => (grant.resource === "users" ? userRef(name) : groupRef(name)));
      targets = named ?? identitiesOfType(grant.resource === "users" ? "k8s-user" : "k8s-group");
    } else {
      // Pods and tokens: any service account of the namespace in scope (pod names do not restrict which SA a pod runs as).
      const names = grant.resource.startsWith("pods") ? undefined : grant.resourceNames;
      targets = serviceAccounts.filter((node) => {
        const namespace = (node.props as { namespace?: string }).namespace;
        return (grant.namespace === null || namespace === grant.namespace) && (!names || names.includes(node.name.split("/")[1]));
      });
    }
    for (const target of targets) {
      if (target.key === grant.subject.key) continue;
      addEdge({
        kind: "can_assume",
        src: grant.subject,
        dst: { kind: "identity", key: target.key },
        props: { escalation: true, method, bindings: [grant.binding] },
      });
    }
  }

  // "Every PVC in the cluster" contains the PVCs of each namespace, so a cluster-wide delete reaches them.
  for (const node of [...nodes.values()]) {
    const props = node.props as { type?: string; scope?: string; resource?: string };
    if (props.type !== "k8s-resource-type" || props.scope !== "all-namespaces" || !props.resource) continue;
    for (const namespace of clusterWideNamespaces()) {
      const perNamespace = k8sResourceKey(cluster, namespace, props.resource);
      if (nodes.has(perNamespace)) addEdge({ kind: "contains", src: node, dst: { kind: "resource", key: perNamespace }, props: {} });
    }
  }
  const allNamespacesKey = k8sResourceKey(cluster, null, "namespaces");
  if (nodes.has(allNamespacesKey)) {
    for (const namespace of clusterWideNamespaces()) {
      addEdge({ kind: "contains", src: { kind: "resource", key: allNamespacesKey }, dst: { kind: "resource", key: k8sNamespaceKey(cluster, namespace) }, props: {} });
    }
  }

  return {
    collector: "kubernetes",
    nodes: [...nodes.values()],
    edges: [...edges.values()].map(({ kind, src, dst, props }) => ({ kind, src: { kind: src.kind, key: src.key }, dst: { kind: dst.kind, key: dst.key }, props })),
    warnings,
  };
}

function escalationMethod(verb: string, resource: string): string | undefined {
  if (verb === "create" && resource === "pods") return "create a pod that runs as the service account";
  if (verb === "create" && resource === "pods/exec") return "exec into a pod that runs as the service account";
  if (verb === "create" && resource === "serviceaccounts/token") return "request a service account token";
  if (verb === "impersonate" && (resource === "users" || resource === "groups" || resource === "serviceaccounts")) return "impersonate";
  return undefined;
}

/** Every (verb, resource) a rule allows, with `*` expanded over the built-in resource types and verbs. */
export function expandRule(rule: PolicyRule): { verb: string; resource: string }[] {
  if (!rule.resources?.length || !rule.verbs?.length) return []; // non-resource URL rules are not modelled
  const groups = rule.apiGroups ?? [""];
  const anyGroup = groups.includes("*");
  const resources = new Set<string>();
  for (const resource of rule.resources) {
    if (resource === "*" || resource.startsWith("*/")) {
      for (const type of BUILT_IN_RESOURCES) {
        if (anyGroup || groups.includes(type.group)) resources.add(type.resource);
      }
      resources.add("*"); // and everything the catalogue does not list (custom resources)
    } else {
      resources.add(resource);
    }
  }
  const out: { verb: string; resource: string }[] = [];
  for (const resource of resources) {
    const verbs = rule.verbs.includes("*") ? [...STANDARD_VERBS, ...(SPECIAL_VERBS[resource] ?? [])] : rule.verbs;
    for (const verb of verbs) out.push({ verb, resource });
  }
  return out;
}

export function matchesSelector(labels: Record<string, string>, selector: LabelSelector): boolean {
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    if (labels[key] !== value) return false;
  }
  for (const expression of selector.matchExpressions ?? []) {
    const has = Object.hasOwn(labels, expression.key);
    const values = expression.values ?? [];
    switch (expression.operator) {
      case "In":
        if (!has || !values.includes(labels[expression.key])) return false;
        break;
      case "NotIn":
        if (has && values.includes(labels[expression.key])) return false;
        break;
      case "Exists":
        if (!has) return false;
        break;
      case "DoesNotExist":
        if (has) return false;
        break;
      default:
        return false;
    }
  }
  // An empty selector matches nothing in aggregation, unlike elsewhere in Kubernetes.
  return Object.keys(selector.matchLabels ?? {}).length > 0 || (selector.matchExpressions?.length ?? 0) > 0;
}

function mergeBindings(existing: GraphEdge, edge: GraphEdge): void {
  const a = (existing.props ?? {}) as { bindings?: string[]; resourceNames?: string[] };
  const b = (edge.props ?? {}) as { bindings?: string[]; resourceNames?: string[] };
  a.bindings = [...new Set([...(a.bindings ?? []), ...(b.bindings ?? [])])];
  // One unrestricted grant makes the action unrestricted.
  if (!a.resourceNames || !b.resourceNames) delete a.resourceNames;
  else a.resourceNames = [...new Set([...a.resourceNames, ...b.resourceNames])];
}

function describeObject(object: K8sObject): string {
  const ns = object.metadata?.namespace ? `${object.metadata.namespace}/` : "";
  return `${object.kind ?? "object"} ${ns}${object.metadata?.name ?? "(unnamed)"}`;
}
