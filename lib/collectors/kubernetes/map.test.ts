import path from "node:path";
import { describe, expect, it } from "vitest";
import { kubernetesCollector } from "@/lib/collectors/kubernetes";
import { classifyK8sVerb, expandRule, mapKubernetesObjects, matchesSelector } from "@/lib/collectors/kubernetes/map";
import { parseManifestText } from "@/lib/collectors/kubernetes/read";
import { silentContext } from "@/lib/collectors/types";
import { k8sGroupKey, k8sNamespaceKey, k8sResourceKey, k8sServiceAccountKey, k8sUserKey } from "@/lib/graph/keys";
import type { GraphBatch, GraphEdge } from "@/lib/graph/types";
import { validateBatch } from "@/lib/graph/validate-batch";

const CLUSTER = "https://K8S.example.com:6443/";
const FIXTURES = path.join(import.meta.dirname, "fixtures/rbac");
const sa = (ns: string, name: string) => k8sServiceAccountKey(CLUSTER, ns, name);
const group = (name: string) => k8sGroupKey(CLUSTER, name);
const res = (ns: string | null, resource: string) => k8sResourceKey(CLUSTER, ns, resource);

async function collectFixtures(): Promise<GraphBatch> {
  return kubernetesCollector.collect(
    kubernetesCollector.configSchema.parse({ manifests: FIXTURES, cluster: CLUSTER }),
    silentContext(Buffer.alloc(32)),
  );
}
const props = (edge: GraphEdge) => edge.props as { action: string; class: string; exposesCredentials?: boolean; bindings?: string[] };
const cans = (batch: GraphBatch, from?: string) => batch.edges.filter((e) => e.kind === "can" && (!from || e.src.key === from));

describe("kubernetes collector on manifest fixtures", () => {
  it("produces a valid batch and warns about the broken file with its line", async () => {
    const batch = await collectFixtures();
    expect(() => validateBatch(batch)).not.toThrow();
    expect(batch.warnings).toEqual([
      expect.objectContaining({ code: "kubernetes:invalid_manifest", location: expect.objectContaining({ file: path.join(FIXTURES, "broken.yaml"), line: expect.any(Number) }) }),
    ]);
  });

  it("grants exactly these D1 edges", async () => {
    const batch = await collectFixtures();
    const d1 = cans(batch)
      .filter((e) => props(e).class === "D1")
      .map((e) => `${e.src.key} | ${props(e).action} | ${e.dst.key}`)
      .sort();
    expect(d1).toEqual(
      [
        `${sa("prod", "deployer")} | delete persistentvolumeclaims | ${res("prod", "persistentvolumeclaims")}`,
        // RoleBinding → ClusterRole: only staging, and never the cluster-scoped persistentvolumes.
        `${sa("staging", "ci")} | delete persistentvolumeclaims | ${res("staging", "persistentvolumeclaims")}`,
        `${sa("staging", "ci")} | deletecollection persistentvolumeclaims | ${res("staging", "persistentvolumeclaims")}`,
        // Aggregated ClusterRole through a ClusterRoleBinding: cluster-wide.
        `${group("platform-admins")} | delete persistentvolumeclaims | ${res(null, "persistentvolumeclaims")}`,
        `${group("platform-admins")} | deletecollection persistentvolumeclaims | ${res(null, "persistentvolumeclaims")}`,
        `${group("platform-admins")} | delete persistentvolumes | ${res(null, "persistentvolumes")}`,
        `${group("platform-admins")} | deletecollection persistentvolumes | ${res(null, "persistentvolumes")}`,
        // Wildcards in a RoleBinding: the namespace it lives in, its PVCs, nothing cluster-scoped.
        `${group("ops")} | delete persistentvolumeclaims | ${res("staging", "persistentvolumeclaims")}`,
        `${group("ops")} | deletecollection persistentvolumeclaims | ${res("staging", "persistentvolumeclaims")}`,
        `${group("ops")} | delete namespaces | ${k8sNamespaceKey(CLUSTER, "staging")}`,
        `${group("ops")} | deletecollection namespaces | ${k8sNamespaceKey(CLUSTER, "staging")}`,
      ].sort(),
    );
  });

  it("gives a read-only role no destructive edge, but flags secret reads as credential exposure", async () => {
    const batch = await collectFixtures();
    const reader = cans(batch, sa("prod", "reader"));
    expect(reader.map((e) => props(e).class).every((c) => c === "R")).toBe(true);
    expect(reader.find((e) => props(e).action === "get secrets")).toMatchObject({
      dst: { kind: "resource", key: res("prod", "secrets") },
      props: { class: "R", exposesCredentials: true, bindings: ["RoleBinding prod/reader-views"] },
    });
    expect(reader.find((e) => props(e).action === "get pods")?.props).not.toHaveProperty("exposesCredentials");
  });

  it("never lets a RoleBinding grant cluster-wide or in another namespace", async () => {
    const batch = await collectFixtures();
    for (const subject of [sa("staging", "ci"), group("ops"), sa("prod", "deployer")]) {
      const namespace = subject === sa("prod", "deployer") ? "prod" : "staging";
      for (const edge of cans(batch, subject)) {
        expect(edge.dst.key.startsWith(k8sNamespaceKey(CLUSTER, namespace))).toBe(true);
      }
    }
  });

  it("classes bind / escalate / token creation as D4", async () => {
    const batch = await collectFixtures();
    const alice = cans(batch, k8sUserKey(CLUSTER, "alice@example.com"))
      .map((e) => `${props(e).class} ${props(e).action}`)
      .sort();
    expect(alice).toEqual(["D4 bind clusterroles", "D4 create serviceaccounts/token", "D4 escalate clusterroles"]);
  });

  it("turns token requests, pod creation and impersonation into escalation edges, within scope", async () => {
    const batch = await collectFixtures();
    const assumes = (from: string) =>
      batch.edges.filter((e) => e.kind === "can_assume" && e.src.key === from).map((e) => e.dst.key).sort();
    // alice may create tokens for any service account, cluster-wide.
    expect(assumes(k8sUserKey(CLUSTER, "alice@example.com"))).toEqual([sa("prod", "deployer"), sa("prod", "reader"), sa("staging", "ci")].sort());
    // ops has `*` through a RoleBinding in staging: only staging's service accounts.
    expect(assumes(group("ops"))).toEqual([sa("staging", "ci")]);
    expect(batch.edges.find((e) => e.kind === "can_assume" && e.src.key === group("ops"))?.props).toMatchObject({ escalation: true });
    expect(assumes(sa("prod", "deployer"))).toEqual([]);
  });

  it("impersonation restricted by resourceNames targets only the named identities", () => {
    const batch = mapKubernetesObjects(CLUSTER, [
      { kind: "ClusterRole", metadata: { name: "imp" }, rules: [{ apiGroups: [""], resources: ["users"], verbs: ["impersonate"], resourceNames: ["root@example.com"] }] },
      { kind: "ClusterRoleBinding", metadata: { name: "b" }, roleRef: { kind: "ClusterRole", name: "imp" }, subjects: [{ kind: "User", name: "eve" }, { kind: "User", name: "bob" }] },
    ]);
    const targets = batch.edges.filter((e) => e.kind === "can_assume" && e.src.key === k8sUserKey(CLUSTER, "eve")).map((e) => e.dst.key);
    expect(targets).toEqual([k8sUserKey(CLUSTER, "root@example.com")]);
    expect(() => validateBatch(batch)).not.toThrow();
  });

  it("puts service accounts in their groups and contains per-namespace resources in the cluster-wide ones", async () => {
    const batch = await collectFixtures();
    const memberOf = batch.edges.filter((e) => e.kind === "member_of" && e.src.key === sa("prod", "reader")).map((e) => e.dst.key);
    expect(memberOf.sort()).toEqual(
      [group("system:serviceaccounts"), group("system:serviceaccounts:prod"), group("system:authenticated")].sort(),
    );
    const contains = batch.edges.filter((e) => e.kind === "contains").map((e) => `${e.src.key} > ${e.dst.key}`);
    expect(contains).toEqual(
      expect.arrayContaining([
        `${res(null, "persistentvolumeclaims")} > ${res("prod", "persistentvolumeclaims")}`,
        `${res(null, "persistentvolumeclaims")} > ${res("staging", "persistentvolumeclaims")}`,
        `${k8sNamespaceKey(CLUSTER, "staging")} > ${res("staging", "persistentvolumeclaims")}`,
      ]),
    );
  });

  it("normalises the cluster URL in keys", async () => {
    const batch = await collectFixtures();
    expect(batch.nodes.some((n) => n.key === "k8s:https://k8s.example.com:6443:sa:prod/deployer")).toBe(true);
  });
});

describe("kubernetes mapping pieces", () => {
  it("classifies verbs", () => {
    expect(classifyK8sVerb("delete", "persistentvolumeclaims").class).toBe("D1");
    expect(classifyK8sVerb("deletecollection", "namespaces").class).toBe("D1");
    expect(classifyK8sVerb("delete", "deployments").class).toBe("D3");
    expect(classifyK8sVerb("list", "secrets")).toEqual({ class: "R", exposesCredentials: true });
    expect(classifyK8sVerb("impersonate", "users").class).toBe("D4");
    expect(classifyK8sVerb("create", "rolebindings").class).toBe("D4");
    expect(classifyK8sVerb("patch", "clusterrolebindings").class).toBe("D4");
    expect(classifyK8sVerb("create", "deployments").class).toBe("W");
    expect(classifyK8sVerb("approve", "certificatesigningrequests/approval").class).toBe("D4");
    expect(classifyK8sVerb("watch", "pods").class).toBe("R");
  });

  it("expands wildcards per API group", () => {
    const apps = expandRule({ apiGroups: ["apps"], resources: ["*"], verbs: ["delete"] }).map((x) => x.resource);
    expect(apps).toEqual(expect.arrayContaining(["deployments", "statefulsets", "*"]));
    expect(apps).not.toContain("persistentvolumeclaims");
    expect(expandRule({ nonResourceURLs: ["/healthz"], verbs: ["get"] })).toEqual([]);
  });

  it("matches aggregation selectors", () => {
    expect(matchesSelector({ a: "1", b: "2" }, { matchLabels: { a: "1" } })).toBe(true);
    expect(matchesSelector({ a: "1" }, { matchExpressions: [{ key: "a", operator: "In", values: ["2"] }] })).toBe(false);
    expect(matchesSelector({ a: "1" }, { matchExpressions: [{ key: "b", operator: "DoesNotExist" }] })).toBe(true);
    expect(matchesSelector({ a: "1" }, {})).toBe(false);
  });

  it("does not give a role without delete any D1 edge, even with every other verb", () => {
    const batch = mapKubernetesObjects(CLUSTER, [
      { kind: "Role", metadata: { name: "editor", namespace: "prod" }, rules: [{ apiGroups: [""], resources: ["persistentvolumeclaims"], verbs: ["get", "list", "create", "update", "patch"] }] },
      { kind: "RoleBinding", metadata: { name: "b", namespace: "prod" }, roleRef: { kind: "Role", name: "editor" }, subjects: [{ kind: "User", name: "bob" }] },
    ]);
    const classes = cans(batch).map((e) => props(e).class);
    expect(classes.sort()).toEqual(["R", "R", "W", "W", "W"]);
  });

  it("knows the default ClusterRoles a manifest binds without defining", () => {
    const bind = (role: string, subject: string) => ({
      kind: "RoleBinding",
      metadata: { name: `${subject}-${role}`, namespace: "prod" },
      roleRef: { kind: "ClusterRole", name: role },
      subjects: [{ kind: "User", name: subject }],
    });
    const batch = mapKubernetesObjects(CLUSTER, [bind("view", "viewer"), bind("edit", "editor"), bind("admin", "boss"), bind("cluster-admin", "root")]);
    expect(batch.warnings).toEqual([]);
    const classesOf = (user: string) => new Set(cans(batch, k8sUserKey(CLUSTER, user)).map((e) => props(e).class));
    expect([...classesOf("viewer")]).toEqual(["R"]);
    expect(cans(batch, k8sUserKey(CLUSTER, "viewer")).some((e) => props(e).exposesCredentials)).toBe(false);
    expect(classesOf("editor").has("D1")).toBe(true); // delete persistentvolumeclaims
    expect(cans(batch, k8sUserKey(CLUSTER, "editor")).some((e) => props(e).action === "delete namespaces")).toBe(false);
    expect(cans(batch, k8sUserKey(CLUSTER, "boss")).some((e) => props(e).action === "create rolebindings" && props(e).class === "D4")).toBe(true);
    // cluster-admin through a RoleBinding: everything in prod, including deleting prod itself.
    expect(cans(batch, k8sUserKey(CLUSTER, "root")).some((e) => props(e).action === "delete namespaces" && e.dst.key === k8sNamespaceKey(CLUSTER, "prod"))).toBe(true);
  });

  it("parses JSON and empty documents, and warns on a binding to a missing role", () => {
    const { objects, warnings } = parseManifestText("---\n---\n", "empty.yaml");
    expect(objects).toEqual([]);
    expect(warnings).toEqual([]);
    const batch = mapKubernetesObjects(CLUSTER, [
      { kind: "ClusterRoleBinding", metadata: { name: "dangling" }, roleRef: { kind: "ClusterRole", name: "gone" }, subjects: [{ kind: "User", name: "x" }], location: { file: "b.yaml", line: 3 } },
    ]);
    expect(batch.warnings).toEqual([expect.objectContaining({ code: "kubernetes:invalid_object", location: { file: "b.yaml", line: 3 } })]);
  });

  it("warns on an alias to no anchor or past the alias cap, and keeps the file's other documents", () => {
    const laughs = ["a: &a [x, x]", ...Array.from({ length: 12 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}]`)].join("\n");
    const text = ["*!", "---", laughs, "---", "kind: ServiceAccount\nmetadata: {name: kept, namespace: prod}"].join("\n");
    const { objects, warnings } = parseManifestText(text, "odd.yaml");
    expect(objects.map((o) => o.metadata?.name)).toEqual(["kept"]);
    expect(warnings).toEqual([
      expect.objectContaining({ code: "kubernetes:invalid_manifest", message: expect.stringMatching(/^odd\.yaml:1: .*alias/i) }),
      expect.objectContaining({ code: "kubernetes:invalid_manifest", message: expect.stringMatching(/^odd\.yaml:3: .*alias/i) }),
    ]);
  });

  it("requires the cluster URL with manifests", () => {
    const result = kubernetesCollector.configSchema.safeParse({ manifests: "./x" });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0].path).toEqual(["cluster"]);
  });
});
