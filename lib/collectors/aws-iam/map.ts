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
import { expandActionPattern, type ActionCatalog } from "./action-catalog";
import { findEscalations, type EscalationEdge } from "./escalation";
import type { AuthorizationDetails } from "./export-schema";
import { hasWildcard, parseArn } from "./match";
import { computePermissions, holdsMoreThan, type PrincipalPermissions } from "./permissions";
import type { PolicyStatement } from "./policy-document";
import { buildIamModel, type IamModel, type IamPrincipal } from "./principals";
import { analyzeTrust, type ExternalPrincipal } from "./trust";

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

export interface PrincipalVerdict {
  arn: string;
  name: string;
  type: "user" | "role" | "group";
  isAdmin: boolean;
  canEscalate: boolean;
  escalationMethods: string[];
  escalatesTo: string[];
}

export interface IamAnalysis {
  batch: GraphBatch;
  verdicts: PrincipalVerdict[];
}

const identityRef = (arn: string): NodeRef => ({ kind: "identity", key: awsArnKey(arn) });

type Move = { to: string; method: string | null };

/** Actions held (allowed or conditional), packed 32 per word so "holds more than" is a word-wise test. */
function packStates(states: Uint8Array): Uint32Array {
  const words = new Uint32Array(Math.ceil(states.length / 32));
  for (let i = 0; i < states.length; i++) if (states[i] > 0) words[i >>> 5] |= 1 << (i & 31);
  return words;
}

function packedHoldsMore(target: Uint32Array, source: Uint32Array): boolean {
  for (let w = 0; w < target.length; w++) if ((target[w] & ~source[w]) !== 0) return true;
  return false;
}

interface EscalationJudge {
  moves: Map<string, Move[]>;
  isAdmin: (arn: string) => boolean;
  packed: Map<string, Uint32Array>;
  /** Would becoming "administrator" through `method` gain `p` anything (a boundary may cap it)? */
  adminGain: (p: IamPrincipal, method: string) => boolean;
}

/**
 * Can `p` become something it is not? Breadth-first over trust and escalation moves, from each first move;
 * a path stops at the first identity that gains `p` something: an administrator, the account-administrator
 * node (within a boundary, when one caps it), or an identity holding an action `p` does not hold.
 * Returns the first-hop methods that lead to a gain, and the identities first gained.
 */
function judgeEscalation(p: IamPrincipal, judge: EscalationJudge, model: IamModel): { methods: string[]; targets: string[] } {
  if (judge.isAdmin(p.arn)) return { methods: [], targets: [] };
  const mine = judge.packed.get(p.arn)!;
  const gainCache = new Map<string, boolean>();
  const gains = (node: string, method: string): boolean => {
    if (node.startsWith("admin:")) return judge.adminGain(p, method);
    let hit = gainCache.get(node);
    if (hit === undefined) {
      const theirs = judge.packed.get(node);
      hit = node !== p.arn && theirs !== undefined && (judge.isAdmin(node) || packedHoldsMore(theirs, mine));
      gainCache.set(node, hit);
    }
    return hit;
  };
  const methods = new Set<string>();
  const targets = new Set<string>();
  const label = (node: string) => (node.startsWith("admin:") ? `administrator of ${node.slice(6)}` : (model.byArn.get(node)?.name ?? node));
  for (const first of judge.moves.get(p.arn) ?? []) {
    const firstMethod = first.method ?? "sts:AssumeRole";
    const seen = new Set<string>([p.arn]);
    const queue: { node: string; method: string }[] = [{ node: first.to, method: firstMethod }];
    let gained = false;
    for (let head = 0; head < queue.length; head++) {
      const { node, method } = queue[head];
      if (seen.has(node)) continue;
      seen.add(node);
      if (gains(node, method)) {
        gained = true;
        targets.add(label(node));
        continue;
      }
      for (const next of judge.moves.get(node) ?? []) queue.push({ node: next.to, method: next.method ?? "sts:AssumeRole" });
    }
    if (gained) methods.add(firstMethod);
  }
  return { methods: [...methods].sort(), targets: [...targets].sort() };
}

/**
 * Action names in customer-written policies that match no real action: a typo grants nothing, and a
 * reviewer should know. AWS-managed policies are skipped (they may name actions the catalogue dropped).
 */
function warnUnknownActions(model: IamModel, catalog: ActionCatalog, file: string, warnings: CollectorWarning[]): void {
  const awsManaged = new Set<PolicyStatement>();
  for (const policy of model.managedPolicies.values()) if (policy.awsManaged) for (const s of policy.statements) awsManaged.add(s);
  const seen = new Set<PolicyStatement>();
  const check = (s: PolicyStatement) => {
    if (seen.has(s) || awsManaged.has(s)) return;
    seen.add(s);
    const patterns = s.actions ?? s.notActions ?? [];
    patterns.forEach((pattern, i) => {
      if (expandActionPattern(catalog, pattern).length > 0) return;
      const field = s.actions ? "Action" : "NotAction";
      warnings.push({
        code: "aws-iam:unknown-action",
        message: `"${pattern}" matches no IAM action in the catalogue; it grants nothing`,
        location: { file, path: `${s.location}.${field}${patterns.length > 1 ? `[${i}]` : ""}` },
      });
    });
  };
  for (const policy of model.managedPolicies.values()) policy.statements.forEach(check);
  for (const p of model.principals) p.policySet.identity.forEach(check);
}

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
  const boundaryPerms = new Map<string, PrincipalPermissions>();
  const capByMove = new Map<string, string | undefined>();
  for (const e of escalations) if (e.to.kind === "admin") capByMove.set(`${e.from.arn}\u0000${e.method}`, e.cappedByBoundary);
  const packed = new Map<string, Uint32Array>();
  for (const [arn, permissions] of perms) packed.set(arn, packStates(permissions.states));
  const adminGain = (p: IamPrincipal, method: string): boolean => {
    // Escalating to "administrator" inside a permissions boundary gains only what the boundary allows.
    const cap = capByMove.get(`${p.arn}\u0000${method}`);
    if (!cap) return true;
    let bounded = boundaryPerms.get(cap);
    if (!bounded) {
      bounded = computePermissions(catalog, { identity: model.managedPolicies.get(cap)?.statements ?? [], boundary: null, variables: p.policySet.variables, catalog });
      boundaryPerms.set(cap, bounded);
    }
    return holdsMoreThan(bounded.states, perms.get(p.arn)!.states);
  };

  // Moves between identities: plain trust (method null) and escalation methods.
  const moves = new Map<string, Move[]>();
  const addMove = (from: string, move: Move) => {
    const list = moves.get(from);
    if (list) list.push(move);
    else moves.set(from, [move]);
  };
  for (const edge of trust.edges) if ("arn" in edge.from) addMove(edge.from.arn, { to: edge.role.arn, method: null });
  for (const edge of escalations) addMove(edge.from.arn, { to: edge.to.kind === "admin" ? `admin:${edge.to.accountId}` : edge.to.principal.arn, method: edge.method });
  const judge: EscalationJudge = { moves, packed, adminGain, isAdmin: (arn) => perms.get(arn)?.isAdmin ?? false };

  const verdicts: PrincipalVerdict[] = model.principals.map((p) => {
    const judged = p.type === "group" ? { methods: [], targets: [] } : judgeEscalation(p, judge, model);
    return {
      arn: p.arn,
      name: p.name,
      type: p.type,
      isAdmin: perms.get(p.arn)!.isAdmin,
      canEscalate: judged.methods.length > 0,
      escalationMethods: judged.methods,
      escalatesTo: judged.targets,
    };
  });
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
  for (const p of model.principals) {
    if (p.type === "group") continue; // members carry their groups' grants; reach walks member_of for explanation only
    pushGrants(identityRef(p.arn), p.accountId, perms.get(p.arn)!.grants);
  }
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
