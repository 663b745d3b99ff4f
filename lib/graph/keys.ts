/**
 * The natural-key scheme: the one place that says how a thing in the world becomes a node key.
 *
 * Batches from different collectors meet on these keys, never on display names: a credential found in a
 * workspace and the identity a permission collector reports are joined because both compute the same key.
 * Every function here is pure and total; collectors must not build keys by hand.
 */

/** Hosts are compared case-insensitively, and the loopback spellings are one host. */
export function normalizeHost(host: string): string {
  const lower = host.trim().toLowerCase().replace(/^\[|\]$/g, "");
  return lower === "localhost" || lower === "::1" ? "127.0.0.1" : lower;
}

// ── Where agents run ───────────────────────────────────────────────────────────────
/** An agent instance: its kind (claude-code, cursor, …) on one machine, scoped to a config or project. */
export const agentKey = (machine: string, agentKind: string, scope: string) => `agent:${machine}:${agentKind}:${scope}`;
export const workspaceKey = (machine: string, path: string) => `workspace:${machine}:${path}`;
export const fileKey = (machine: string, path: string) => `file:${machine}:${path}`;
export const mcpServerKey = (agent: string, serverName: string) => `mcp:${agent}:${serverName}`;
export const approvalGateKey = (agent: string, mode: string) => `gate:${agent}:${mode}`;

// ── Credentials ────────────────────────────────────────────────────────────────────
/**
 * A credential is keyed by its public identifier where the provider issues one (an AWS access key id is
 * shown in the console and returned by ListAccessKeys, so a permission collector can name it too);
 * otherwise by the keyed HMAC fingerprint of its value, which only this server can compute.
 */
export const credentialKeyFromFingerprint = (fingerprint: string) => `cred:hmac:${fingerprint}`;
export const awsAccessKeyCredentialKey = (accessKeyId: string) => `cred:aws-access-key:${accessKeyId}`;

// ── AWS ─────────────────────────────────────────────────────────────────────────────
/** IAM principals and resources are keyed by their ARN, the one name every AWS source agrees on. */
export const awsArnKey = (arn: string) => `aws:${arn}`;
export const awsAccountKey = (accountId: string) => `aws:account:${accountId}`;
/**
 * Every resource of one AWS service in one account ("all RDS resources in 123456789012"): the target of a
 * permission granted on `*`, so an admin policy yields one node per service instead of one per resource.
 */
export const awsServiceResourcesKey = (accountId: string, service: string) => `aws:account:${accountId}:service:${service}:*`;
/** "Administrator of account X": what a principal becomes when it can rewrite its own permissions. */
export const awsAccountAdminKey = (accountId: string) => `aws:account:${accountId}:administrator`;

// ── Postgres ───────────────────────────────────────────────────────────────────────
/** Roles are cluster-wide, so a role is keyed by the server (host:port) and its name. */
export const postgresServerKey = (host: string, port: number) => `postgres:${normalizeHost(host)}:${port}`;
export const postgresRoleKey = (host: string, port: number, role: string) =>
  `${postgresServerKey(host, port)}:role:${role}`;
export const postgresDatabaseKey = (host: string, port: number, database: string) =>
  `${postgresServerKey(host, port)}/${database}`;
export const postgresTableKey = (host: string, port: number, database: string, schema: string, table: string) =>
  `${postgresDatabaseKey(host, port, database)}/${schema}.${table}`;
export const postgresSchemaKey = (host: string, port: number, database: string, schema: string) =>
  `${postgresDatabaseKey(host, port, database)}/${schema}`;

// ── Kubernetes ─────────────────────────────────────────────────────────────────────
/** The API server URL names the cluster; trailing slashes and case in the host do not. */
export function normalizeClusterUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${normalizeHost(parsed.hostname)}${parsed.port ? `:${parsed.port}` : ""}${parsed.pathname.replace(/\/+$/, "")}`;
  } catch {
    return url.trim().replace(/\/+$/, "");
  }
}
export const k8sServiceAccountKey = (cluster: string, namespace: string, name: string) =>
  `k8s:${normalizeClusterUrl(cluster)}:sa:${namespace}/${name}`;
export const k8sUserKey = (cluster: string, name: string) => `k8s:${normalizeClusterUrl(cluster)}:user:${name}`;
export const k8sGroupKey = (cluster: string, name: string) => `k8s:${normalizeClusterUrl(cluster)}:group:${name}`;
export const k8sClusterKey = (cluster: string) => `k8s:${normalizeClusterUrl(cluster)}`;
export const k8sNamespaceKey = (cluster: string, namespace: string) => `k8s:${normalizeClusterUrl(cluster)}:ns:${namespace}`;
/** A resource type within a namespace (or cluster-wide when namespace is null), e.g. every PVC in `prod`. */
export const k8sResourceKey = (cluster: string, namespace: string | null, resource: string) =>
  namespace === null
    ? `k8s:${normalizeClusterUrl(cluster)}:cluster:${resource}`
    : `k8s:${normalizeClusterUrl(cluster)}:ns:${namespace}:${resource}`;

// ── SaaS providers (catalogue and inventory) ───────────────────────────────────────
/** A provider account, team or project by the id the provider gives it. */
export const providerAccountKey = (provider: string, accountId: string) => `${provider}:account:${accountId}`;
export const providerResourceKey = (provider: string, type: string, id: string) => `${provider}:${type}:${id}`;
/**
 * When a token's owner cannot be learned offline, the identity is "whoever this token is", keyed by the
 * credential it came from, and every resource is "everything of this type the token can see".
 */
export const tokenOwnerIdentityKey = (provider: string, credentialKey: string) => `${provider}:token-owner:${credentialKey}`;
/** An identity that is only "whoever this token is" (tokenOwnerIdentityKey): its name says nothing more. */
export const isTokenOwnerIdentityKey = (key: string) => /^[^:]+:token-owner:/.test(key);
export const tokenVisibleResourceKey = (provider: string, type: string, credentialKey: string) =>
  `${provider}:${type}:*@${credentialKey}`;

// ── Inventory (generic JSON) ───────────────────────────────────────────────────────
/** A credential by the id its provider issues for it (a token id, a key name), never by its value. */
export const providerCredentialKey = (provider: string, credentialId: string) => `cred:${provider}:${credentialId}`;
/** A provider identity (user, service account, team) by the provider's id; the same shape as providerResourceKey. */
export const providerIdentityKey = (provider: string, type: string, id: string) => `${provider}:${type}:${id}`;
/** An approval gate an inventory declares (a change-approval step, a break-glass procedure). */
export const providerApprovalGateKey = (provider: string, gateId: string) => `gate:${provider}:${gateId}`;

// ── MySQL ──────────────────────────────────────────────────────────────────────────
/** Like Postgres roles, MySQL accounts are server-wide; keyed by host:port and user name. */
export const mysqlServerKey = (host: string, port: number) => `mysql:${normalizeHost(host)}:${port}`;
export const mysqlUserKey = (host: string, port: number, user: string) => `${mysqlServerKey(host, port)}:user:${user}`;
export const mysqlDatabaseKey = (host: string, port: number, database: string) => `${mysqlServerKey(host, port)}/${database}`;
