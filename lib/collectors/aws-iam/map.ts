/**
 * Pure mapping: an authorization-details export (already read and parsed) → a GraphBatch.
 *
 * Nodes: users, roles and groups (`identity`, keyed by ARN); principals named in trust policies that the
 * export does not describe; one "administrator of account X" identity per account that someone can escalate
 * to; `resource` nodes for what destructive grants reach (`*` aggregated to one node per service and account).
 * Edges: `member_of` (user → group); `can_assume` from trust policies and from escalation methods
 * (`props.escalation = true`, `props.method`); `can` for destructive classes D1–D5 only (W and R are counted
 * in the identity's props, to keep batches small); `authenticates_as` from access keys when given.
 */
import {
  awsAccessKeyCredentialKey,
  awsAccountAdminKey,
  awsAccountKey,
  awsArnKey,
  awsServiceResourcesKey,
} from "@/lib/graph/keys";
import type { CollectorWarning, GraphBatch, GraphEdge, GraphNode, NodeRef } from "@/lib/graph/types";
import type { AccessKeyRecord } from "./access-keys";
import type { ActionCatalog } from "./action-catalog";
import { findEscalations, type EscalationEdge } from "./escalation";
import type { AuthorizationDetails } from "./export-schema";
import { hasWildcard, parseArn } from "./match";
import { computePermissions, type PrincipalPermissions } from "./permissions";
import type { PolicyStatement } from "./policy-document";
import { buildIamModel } from "./principals";
import { analyzeTrust, type ExternalPrincipal } from "./trust";
import { warnUnknownActions } from "./unknown-actions";
import { judgePrincipals, type PrincipalVerdict } from "./verdicts";

export type { PrincipalVerdict } from "./verdicts";

export const COLLECTOR_NAME = "aws-iam";

/** What "administrator of account X" may do: Allow * on *. */
const ADMIN_POLICY: PolicyStatement[] = [
  { effect: "Allow", actions: ["*"], notActions: null, resources: ["*"], notResources: null, condition: "none", principal: null, hasNotPrincipal: false, policyName: "administrator", location: "(administrator of the account)" },
];

export interface AnalyzeOptions {
  /** Shown in warnings and errors. */
  file: string;
  /** Analysis time (ms since epoch): date conditions are decided against it. */
  now: number;
  accessKeys?: AccessKeyRecord[];
  accessKeysFile?: string;
}

export interface IamAnalysis {
  batch: GraphBatch;
  verdicts: PrincipalVerdict[];
}

const identityRef = (arn: string): NodeRef => ({ kind: "identity", key: awsArnKey(arn) });

function externalNode(external: ExternalPrincipal): GraphNode {
  if (external.type === "external-account") {
    return {
      kind: "identity",
      key: awsAccountKey(external.accountId),
      name: `any principal in AWS account ${external.accountId}`,
      props: { provider: "aws", type: "external-account", accountId: external.accountId },
    };
  }
  // Another source (an export of that account) may describe it fully: only reference it.
  return { kind: "identity", key: awsArnKey(external.id), name: external.id, ref: true, props: { provider: "aws", type: "external-principal", accountId: external.accountId } };
}

function externalRef(external: ExternalPrincipal): NodeRef {
  return external.type === "external-account" ? { kind: "identity", key: awsAccountKey(external.accountId) } : identityRef(external.id);
}

export function analyzeAuthorizationDetails(details: AuthorizationDetails, catalog: ActionCatalog, options: AnalyzeOptions): IamAnalysis {
  const warnings: CollectorWarning[] = [];
  const model = buildIamModel(details, { file: options.file, now: options.now, warnings, catalog });
  warnUnknownActions(model, catalog, options.file, warnings);
  const trust = analyzeTrust(model);
  const escalations = findEscalations(model, trust);

  const perms = new Map<string, PrincipalPermissions>();
  for (const p of model.principals) perms.set(p.arn, computePermissions(catalog, p.policySet));
  const verdicts = judgePrincipals(model, catalog, perms, trust, escalations);
  const verdictByArn = new Map(verdicts.map((v) => [v.arn, v]));

  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];

  for (const p of model.principals) {
    const verdict = verdictByArn.get(p.arn)!;
    const permissions = perms.get(p.arn)!;
    nodes.push({
      kind: "identity",
      key: awsArnKey(p.arn),
      name: p.name,
      props: {
        provider: "aws",
        type: p.type,
        name: p.name,
        arn: p.arn,
        accountId: p.accountId,
        path: p.path,
        attachedPolicies: p.policies.filter((a) => a.via === "self" && a.kind === "managed").map((a) => a.name),
        inlinePolicies: p.policies.filter((a) => a.via === "self" && a.kind === "inline").map((a) => a.name),
        ...(p.type === "user" ? { groupPolicies: p.policies.filter((a) => a.via !== "self").map((a) => `${a.via}/${a.name}`) } : {}),
        permissionsBoundary: p.boundaryArn,
        isAdmin: verdict.isAdmin,
        canEscalate: verdict.canEscalate,
        escalationMethods: verdict.escalationMethods,
        escalatesTo: verdict.escalatesTo,
        actionCounts: permissions.counts,
        ...(p.type === "role"
          ? {
              trustedServices: trust.trustedServices.get(p.arn) ?? [],
              trustedFederated: trust.trustedFederated.get(p.arn) ?? [],
              instanceProfiles: p.instanceProfiles,
              lastUsed: p.lastUsed,
            }
          : {}),
      },
    });
  }
  for (const external of trust.externals) nodes.push(externalNode(external));

  for (const p of model.principals) {
    for (const group of p.groups) edges.push({ kind: "member_of", src: identityRef(p.arn), dst: identityRef(group), props: {} });
  }

  // can_assume: one edge per (source, target); trust and escalation facts merged into its props.
  const assume = new Map<string, { src: NodeRef; dst: NodeRef; props: Record<string, unknown>; methods: EscalationEdge[] }>();
  const assumeEntry = (src: NodeRef, dst: NodeRef) => {
    const id = `${src.key}\u0000${dst.key}`;
    let entry = assume.get(id);
    if (!entry) {
      entry = { src, dst, props: {}, methods: [] };
      assume.set(id, entry);
    }
    return entry;
  };
  for (const edge of trust.edges) {
    const src = "arn" in edge.from ? identityRef(edge.from.arn) : externalRef(edge.from);
    const entry = assumeEntry(src, identityRef(edge.role.arn));
    entry.props.trust = edge.via;
    entry.props.trustStatement = edge.statement;
    if (edge.session) entry.props.session = edge.session;
    entry.props.conditional = edge.conditional;
  }
  const adminAccounts = new Set<string>();
  for (const edge of escalations) {
    const dst = edge.to.kind === "admin" ? { kind: "identity" as const, key: awsAccountAdminKey(edge.to.accountId) } : identityRef(edge.to.principal.arn);
    if (edge.to.kind === "admin") adminAccounts.add(edge.to.accountId);
    assumeEntry(identityRef(edge.from.arn), dst).methods.push(edge);
  }
  for (const entry of assume.values()) {
    const props: Record<string, unknown> = { ...entry.props };
    if (entry.methods.length > 0) {
      const best = entry.methods.find((m) => !m.conditional) ?? entry.methods[0];
      props.escalation = true;
      props.method = best.method;
      props.methods = [...new Set(entry.methods.map((m) => m.method))];
      const vias = [...new Set(entry.methods.map((m) => m.via).filter((v): v is string => v !== undefined))];
      if (vias.length > 0) props.via = vias;
      // Trust alone is unconditional, or some method works without a condition.
      props.conditional = entry.props.conditional === false ? false : entry.methods.every((m) => m.conditional);
      if (entry.methods.every((m) => m.needsExistingResource)) props.needsExistingResource = true;
      const caps = [...new Set(entry.methods.map((m) => m.cappedByBoundary).filter(Boolean))];
      if (caps.length > 0) props.cappedByBoundary = caps;
    }
    if (props.conditional === false) delete props.conditional;
    edges.push({ kind: "can_assume", src: entry.src, dst: entry.dst, props });
  }
  for (const accountId of adminAccounts) {
    nodes.push({
      kind: "identity",
      key: awsAccountAdminKey(accountId),
      name: `administrator of AWS account ${accountId}`,
      props: { provider: "aws", type: "account-administrator", accountId, isAdmin: true },
    });
  }

  // can: destructive grants only, to resource nodes (aggregated per service and account for `*`).
  const resources = new Map<string, GraphNode>();
  const resourceRef = (pattern: string, service: string, accountId: string): NodeRef => {
    const arn = parseArn(pattern);
    const aggregate = pattern === "*" || (arn !== null && arn.resource === "*" && (arn.account === "" || arn.account === "*" || arn.account === accountId));
    const key = aggregate ? awsServiceResourcesKey(accountId, service) : awsArnKey(pattern);
    if (!resources.has(key)) {
      resources.set(
        key,
        aggregate
          ? { kind: "resource", key, name: `all ${service} resources in AWS account ${accountId}`, props: { provider: "aws", service, accountId, aggregate: true } }
          : { kind: "resource", key, name: pattern, props: { provider: "aws", service: arn?.service ?? service, accountId: arn?.account || accountId, arn: pattern, pattern: hasWildcard(pattern) } },
      );
    }
    return { kind: "resource", key };
  };
  const pushGrants = (src: NodeRef, accountId: string, grants: PrincipalPermissions["grants"]) => {
    for (const grant of grants) {
      const action = catalog.names[grant.actionIndex];
      const service = catalog.services[grant.actionIndex];
      const props: Record<string, unknown> = { action, class: catalog.classes[grant.actionIndex] };
      if (grant.conditional) props.conditional = true;
      if (grant.except) props.except = grant.except;
      edges.push({ kind: "can", src, dst: resourceRef(grant.resource, service, accountId), props });
    }
  };
  // A user's edges are its EFFECTIVE grants (group policies included, its own Denies and boundary applied).
  // A group's edges are what membership grants, so that an escalation into a group (iam:AddUserToGroup)
  // reaches something; reach through member_of may therefore over-report for a member whose own Deny
  // cancels a group Allow — the member's own edges are the exact answer.
  for (const p of model.principals) pushGrants(identityRef(p.arn), p.accountId, perms.get(p.arn)!.grants);
  // The administrator node does everything: reach that ends in an escalation must still find what dies.
  if (adminAccounts.size > 0) {
    const everything = computePermissions(catalog, { identity: ADMIN_POLICY, boundary: null, variables: {}, catalog });
    for (const accountId of adminAccounts) pushGrants({ kind: "identity", key: awsAccountAdminKey(accountId) }, accountId, everything.grants);
  }
  nodes.push(...resources.values());

  // Access keys → the user they authenticate as.
  if (options.accessKeys) {
    for (const key of options.accessKeys) {
      const users = model.principals.filter((p) => p.type === "user" && p.name === key.userName);
      if (users.length !== 1) {
        warnings.push({
          code: users.length === 0 ? "aws-iam:unknown-key-user" : "aws-iam:ambiguous-key-user",
          message: `access key ${key.accessKeyId}: user "${key.userName}" ${users.length === 0 ? "is not in the export" : "exists in several accounts of the export"}; key not linked`,
          location: options.accessKeysFile ? { file: options.accessKeysFile } : undefined,
        });
        continue;
      }
      const credential: NodeRef = { kind: "credential", key: awsAccessKeyCredentialKey(key.accessKeyId) };
      nodes.push({ ...credential, name: `AWS access key ${key.accessKeyId}`, ref: true, props: { provider: "aws", kind: "access-key", accessKeyId: key.accessKeyId, status: key.status ?? null, createDate: key.createDate ?? null } });
      edges.push({ kind: "authenticates_as", src: credential, dst: identityRef(users[0].arn), props: key.status ? { status: key.status } : {} });
    }
  }

  return { batch: { collector: COLLECTOR_NAME, nodes, edges, warnings }, verdicts };
}
