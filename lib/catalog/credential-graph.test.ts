import { describe, expect, it } from "vitest";
import { credentialNode, credentialNodeKey, credentialSubgraph, PROVIDER_CATALOG } from "@/lib/catalog/credential-graph";
import type { FoundCredential } from "@/lib/credentials/types";
import {
  awsAccessKeyCredentialKey,
  credentialKeyFromFingerprint,
  k8sResourceKey,
  k8sServiceAccountKey,
  mysqlUserKey,
  postgresDatabaseKey,
  postgresRoleKey,
  providerResourceKey,
  tokenOwnerIdentityKey,
  tokenVisibleResourceKey,
} from "@/lib/graph/keys";
import type { GraphEdge } from "@/lib/graph/types";
import { validateBatch } from "@/lib/graph/validate-batch";

const cred = (provider: string, kind: string, identity?: FoundCredential["identity"]): FoundCredential => ({
  fingerprint: `${provider}${kind}`.replace(/[^a-z]/g, "").padEnd(64, "0").slice(0, 64),
  provider,
  kind,
  preview: "abcd…wxyz",
  locations: [{ file: "/repo/.env", line: 1, envVar: "X" }],
  ...(identity ? { identity } : {}),
});

function batchOf(c: FoundCredential) {
  const sub = credentialSubgraph(c);
  return { collector: "test", nodes: [credentialNode(c), ...sub.nodes], edges: sub.edges };
}
const actionsOf = (edges: GraphEdge[]) => edges.filter((e) => e.kind === "can").map((e) => `${e.props?.action}:${e.props?.class}`);
const canTo = (edges: GraphEdge[], key: string) => edges.filter((e) => e.kind === "can" && e.dst.key === key).map((e) => e.props?.action);

describe("credentialSubgraph: every catalogue entry gives a valid batch with assumed can edges", () => {
  const kinds: Array<[string, string, FoundCredential["identity"]?]> = [
    ["railway", "account-token"], ["railway", "project-token"], ["postgres", "connection-string", { host: "db", port: 5432, database: "shop", user: "app" }],
    ["postgres", "password", { host: "*", port: 5432, database: "*", user: "postgres" }], ["mysql", "connection-string", { host: "m", port: 3306, database: "o", user: "root" }],
    ["cloudflare", "global-api-key"], ["cloudflare", "api-token"], ["github", "classic-token"], ["github", "fine-grained-token"], ["github", "oauth-token"],
    ["stripe", "secret-key", { mode: "live" }], ["stripe", "restricted-key", { mode: "test" }], ["neon", "api-key"], ["supabase", "service-role-key", { projectRef: "abc" }],
    ["supabase", "personal-access-token"], ["vercel", "access-token"], ["aws", "access-key", { accessKeyId: "AKIAEXAMPLEEXAMPLE12" }], ["aws", "access-key-id", { accessKeyId: "AKIAEXAMPLEEXAMPLE12" }],
    ["kubernetes", "service-account-token", { server: "https://k8s:6443", serviceAccount: "ci", namespace: "prod" }], ["kubernetes", "bearer-token"],
    ["anthropic", "api-key"], ["openai", "admin-key"], ["npm", "auth-token"], ["docker", "registry-auth"], ["private-key", "openssh-private-key"], ["slack", "slack-token"],
  ];
  for (const [provider, kind, identity] of kinds) {
    it(`${provider} ${kind}`, () => {
      const batch = validateBatch(batchOf(cred(provider, kind, identity)));
      for (const edge of batch.edges.filter((e) => e.kind === "can")) expect(edge.props.assumed).toBe(true);
    });
  }
  it("covers the required providers", () => {
    for (const p of ["railway", "postgres", "mysql", "cloudflare", "github", "stripe", "neon", "supabase", "vercel", "aws", "kubernetes", "anthropic", "openai"]) {
      expect(PROVIDER_CATALOG[p], p).toBeDefined();
    }
  });
});

describe("Railway", () => {
  it("an account token reaches volumeDelete on every volume it sees, and the backups inside die with the volume", () => {
    const c = cred("railway", "account-token");
    const key = credentialNodeKey(c);
    const { nodes, edges } = credentialSubgraph(c);
    const owner = tokenOwnerIdentityKey("railway", key);
    const volume = tokenVisibleResourceKey("railway", "volume", key);
    expect(edges).toContainEqual({ kind: "authenticates_as", src: { kind: "credential", key }, dst: { kind: "identity", key: owner }, props: { assumed: true } });
    expect(edges).toContainEqual({ kind: "can", src: { kind: "identity", key: owner }, dst: { kind: "resource", key: volume }, props: { action: "volumeDelete", class: "D1", assumed: true } });
    // Named with the token's preview, so two tokens' volumes (and their findings) can be told apart.
    expect(nodes.find((n) => n.key === volume)?.name).toBe(`every Railway volume this token can see (${c.preview})`);
    expect(nodes.find((n) => n.key === owner)?.name).toBe(`Railway account/team token owner (${c.preview})`);
    const backups = edges.find((e) => e.kind === "recovered_by" && e.src.key === volume)?.dst;
    expect(backups?.kind).toBe("recovery_copy");
    expect(nodes.find((n) => n.key === backups?.key)?.name).toBe(`volume backups (${c.preview})`);
    expect(edges).toContainEqual({ kind: "stored_in", src: backups, dst: { kind: "resource", key: volume }, props: {} });
    expect(actionsOf(edges)).toEqual(expect.arrayContaining(["projectDelete:D1", "environmentDelete:D3", "serviceDelete:D3", "apiTokenCreate:D4", "teamMemberInvite:D4"]));
  });

  it("a project token reaches its project's volumes but cannot delete the project or manage members", () => {
    const { edges } = credentialSubgraph(cred("railway", "project-token"));
    const actions = actionsOf(edges);
    expect(actions).toContain("volumeDelete:D1");
    expect(actions).toContain("serviceDelete:D3");
    expect(actions.some((a) => a.startsWith("projectDelete") || a.endsWith(":D4"))).toBe(false);
  });
});

describe("databases", () => {
  it("a Postgres connection string authenticates as the real role key and is assumed to DROP its database", () => {
    const c = cred("postgres", "connection-string", { host: "DB.example.com", port: 5432, database: "shop", user: "app" });
    const { nodes, edges } = credentialSubgraph(c);
    const role = postgresRoleKey("db.example.com", 5432, "app");
    const db = postgresDatabaseKey("db.example.com", 5432, "shop");
    expect(nodes.find((n) => n.key === role)).toMatchObject({ kind: "identity", ref: true });
    expect(nodes.find((n) => n.key === db)).toMatchObject({ kind: "resource", ref: true });
    expect(edges.find((e) => e.kind === "authenticates_as")?.props).toEqual({});
    expect(canTo(edges, db)).toEqual(["DROP DATABASE", "TRUNCATE", "DELETE", "UPDATE"]);
  });

  it("a MySQL connection string joins on the MySQL user key", () => {
    const { nodes } = credentialSubgraph(cred("mysql", "connection-string", { host: "m", port: 3306, database: "o", user: "root" }));
    expect(nodes.some((n) => n.key === mysqlUserKey("m", 3306, "root"))).toBe(true);
  });
});

describe("keys and identities", () => {
  it("keys AWS credentials by access key id, everything else by fingerprint", () => {
    const aws = cred("aws", "access-key", { accessKeyId: "AKIAEXAMPLEEXAMPLE12" });
    expect(credentialNodeKey(aws)).toBe(awsAccessKeyCredentialKey("AKIAEXAMPLEEXAMPLE12"));
    const gh = cred("github", "classic-token");
    expect(credentialNodeKey(gh)).toBe(credentialKeyFromFingerprint(gh.fingerprint));
    expect(credentialSubgraph(cred("aws", "access-key-id", { accessKeyId: "AKIAEXAMPLEEXAMPLE12" })).edges).toEqual([]);
    const node = credentialNode({ ...gh, purpose: "releases" });
    expect(node.props).toMatchObject({ provider: "github", kind: "classic-token", preview: "abcd…wxyz", purpose: "releases", fingerprint: gh.fingerprint });
  });

  it("an AWS key is assumed to be an administrator until the IAM collector links its user", () => {
    const { edges } = credentialSubgraph(cred("aws", "access-key", { accessKeyId: "AKIAEXAMPLEEXAMPLE12" }));
    expect(edges.find((e) => e.kind === "authenticates_as")?.props).toEqual({ assumed: true });
    expect(actionsOf(edges)).toEqual(expect.arrayContaining(["s3:DeleteBucket:D1", "rds:DeleteDBInstance:D1", "iam:CreateAccessKey:D4"]));
    expect(edges.some((e) => e.kind === "stored_in")).toBe(true);
  });

  it("a kubeconfig service-account token authenticates as the service account on that cluster", () => {
    const { nodes, edges } = credentialSubgraph(cred("kubernetes", "service-account-token", { server: "https://K8S:6443/", serviceAccount: "ci", namespace: "prod" }));
    const sa = k8sServiceAccountKey("https://k8s:6443", "prod", "ci");
    expect(nodes.find((n) => n.key === sa)).toMatchObject({ ref: true });
    expect(edges.find((e) => e.kind === "authenticates_as")?.props).toEqual({});
    expect(canTo(edges, k8sResourceKey("https://k8s:6443", null, "persistentvolumeclaims"))).toEqual(["delete"]);
  });
});

describe("provider kinds", () => {
  it("GitHub: a classic token may delete repositories, a gh CLI OAuth token may not", () => {
    expect(actionsOf(credentialSubgraph(cred("github", "classic-token")).edges)).toContain("repoDelete:D1");
    expect(actionsOf(credentialSubgraph(cred("github", "fine-grained-token")).edges)).toContain("repoDelete:D1");
    const oauth = actionsOf(credentialSubgraph(cred("github", "oauth-token")).edges);
    expect(oauth).not.toContain("repoDelete:D1");
    expect(oauth).toContain("forcePushDefaultBranch:D5");
  });

  it("Stripe: live secret keys move money (D5); a restricted key is scored as its kind's worst case; test mode moves none", () => {
    expect(actionsOf(credentialSubgraph(cred("stripe", "secret-key", { mode: "live" })).edges)).toContain("refundCreate:D5");
    const restricted = credentialSubgraph(cred("stripe", "restricted-key", { mode: "live" })).edges;
    expect(actionsOf(restricted)).toContain("refundCreate:D5");
    expect(restricted[restricted.length - 1].props?.note).toMatch(/restricted key/);
    expect(actionsOf(credentialSubgraph(cred("stripe", "secret-key", { mode: "test" })).edges)).not.toContain("refundCreate:D5");
  });

  it("Cloudflare: the global key and a scoped token reach the same worst case, described differently", () => {
    const global = credentialSubgraph(cred("cloudflare", "global-api-key")).edges;
    const token = credentialSubgraph(cred("cloudflare", "api-token")).edges;
    expect(actionsOf(global)).toEqual(actionsOf(token));
    const noteOf = (edges: GraphEdge[]) => edges.find((e) => e.kind === "can")?.props?.note;
    expect(noteOf(global)).toMatch(/unscoped/);
    expect(noteOf(token)).toMatch(/scoped API token/);
  });

  it("Neon: deleting the project deletes its branches and restore history", () => {
    const c = cred("neon", "api-key");
    const { edges } = credentialSubgraph(c);
    const project = tokenVisibleResourceKey("neon", "project", credentialNodeKey(c));
    expect(canTo(edges, project)).toContain("projectDelete");
    expect(edges.some((e) => e.kind === "stored_in" && e.dst.key === project)).toBe(true);
  });

  it("Supabase: the service-role key can delete every row of its project database", () => {
    const { edges } = credentialSubgraph(cred("supabase", "service-role-key", { projectRef: "abcdef" }));
    expect(canTo(edges, providerResourceKey("supabase", "database", "abcdef"))).toContain("deleteAllRows");
  });

  it("Vercel, Anthropic, private keys", () => {
    expect(actionsOf(credentialSubgraph(cred("vercel", "access-token")).edges)).toEqual(expect.arrayContaining(["projectDelete:D3", "tokenCreate:D4"]));
    expect(actionsOf(credentialSubgraph(cred("anthropic", "api-key")).edges)).toEqual(["modelUsageSpend:D5"]);
    expect(actionsOf(credentialSubgraph(cred("private-key", "openssh-private-key")).edges)).toEqual([]);
    expect(credentialNode(cred("private-key", "rsa-private-key")).props?.note).toMatch(/unknown/);
  });
});

describe("catalogue entries for providers seen in public agent configs", () => {
  it("scores each at the worst case its documentation allows", () => {
    expect(actionsOf(credentialSubgraph(cred("perplexity", "api-key")).edges)).toEqual(["modelUsageSpend:D5"]);
    expect(actionsOf(credentialSubgraph(cred("resend", "api-key")).edges)).toEqual(expect.arrayContaining(["emailSend:D5", "domainDelete:D1", "apiKeyCreate:D4"]));
    expect(actionsOf(credentialSubgraph(cred("mollie", "api-key", { mode: "live" })).edges)).toContain("refundCreate:D5");
    expect(actionsOf(credentialSubgraph(cred("mollie", "api-key", { mode: "test" })).edges)).not.toContain("refundCreate:D5");
    expect(actionsOf(credentialSubgraph(cred("mollie", "organization-access-token")).edges)).toContain("profileDelete:D1");
    expect(actionsOf(credentialSubgraph(cred("context7", "api-key")).edges)).toEqual(["privateDocsRead:R", "libraryRefresh:D5"]);
    expect(actionsOf(credentialSubgraph(cred("obsidian", "local-rest-api-key")).edges)).toContain("noteDelete:D1");
    expect(actionsOf(credentialSubgraph(cred("supabase", "personal-access-token")).edges)).toContain("projectDelete:D1");
  });
});
