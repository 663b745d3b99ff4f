/**
 * The export turned into principals with everything that governs them gathered in one place: a user's own
 * managed and inline policies, its groups' policies, its permissions boundary; a role's policies, boundary,
 * trust policy and instance profiles. Evaluation is per principal, never per policy.
 */
import type { CollectorWarning } from "@/lib/graph/types";
import type { ActionCatalog } from "./action-catalog";
import type { PolicySet } from "./evaluate";
import type { AuthorizationDetails } from "./export-schema";
import { parseArn } from "./match";
import { normalizePolicyDocument, type PolicyStatement } from "./policy-document";

export type PrincipalType = "user" | "role" | "group";

export interface AttachedPolicy {
  name: string;
  /** ARN of a managed policy; null for inline policies. */
  arn: string | null;
  kind: "managed" | "inline";
  /** "self", or the name of the group the policy comes through. */
  via: string;
}

export interface ManagedPolicyInfo {
  name: string;
  arn: string;
  statements: PolicyStatement[];
  versionCount: number;
  awsManaged: boolean;
}

export interface IamPrincipal {
  type: PrincipalType;
  arn: string;
  name: string;
  accountId: string;
  path: string;
  policies: AttachedPolicy[];
  /** Group ARNs (users only). */
  groups: string[];
  boundaryArn: string | null;
  policySet: PolicySet;
  /** Trust policy statements (roles only). */
  trust: PolicyStatement[];
  instanceProfiles: string[];
  lastUsed: string | null;
}

export interface IamModel {
  principals: IamPrincipal[];
  byArn: Map<string, IamPrincipal>;
  managedPolicies: Map<string, ManagedPolicyInfo>;
  accounts: string[];
}

export interface BuildModelOptions {
  file: string;
  catalog?: ActionCatalog;
  now: number;
  warnings: CollectorWarning[];
}

function accountOf(arn: string): string {
  return parseArn(arn)?.account ?? "unknown";
}

export function buildIamModel(details: AuthorizationDetails, options: BuildModelOptions): IamModel {
  const { file, now, warnings } = options;
  const managedPolicies = new Map<string, ManagedPolicyInfo>();
  details.Policies.forEach((policy, i) => {
    const versions = policy.PolicyVersionList;
    const defaultIndex = versions.findIndex((v) => v.IsDefaultVersion === true || (policy.DefaultVersionId !== undefined && v.VersionId === policy.DefaultVersionId));
    const index = defaultIndex >= 0 ? defaultIndex : 0;
    const statements =
      versions.length === 0
        ? []
        : normalizePolicyDocument(versions[index].Document, { file, now, warnings, policyName: policy.PolicyName, location: `Policies[${i}].PolicyVersionList[${index}].Document` });
    managedPolicies.set(policy.Arn, {
      name: policy.PolicyName,
      arn: policy.Arn,
      statements,
      versionCount: versions.length,
      awsManaged: policy.Arn.includes(":iam::aws:policy/"),
    });
  });

  const managedStatements = (arn: string, location: string): PolicyStatement[] => {
    const policy = managedPolicies.get(arn);
    if (policy) return policy.statements;
    warnings.push({ code: "aws-iam:missing-policy", message: `managed policy ${arn} is not in the export's Policies list; treated as granting nothing`, location: { file, path: location } });
    return [];
  };

  const principals: IamPrincipal[] = [];
  const byArn = new Map<string, IamPrincipal>();
  const groupsByAccountAndName = new Map<string, { principal: IamPrincipal; statements: PolicyStatement[] }>();

  details.GroupDetailList.forEach((group, i) => {
    const at = `GroupDetailList[${i}]`;
    const statements: PolicyStatement[] = [];
    const policies: AttachedPolicy[] = [];
    (group.AttachedManagedPolicies ?? []).forEach((p, j) => {
      policies.push({ name: p.PolicyName, arn: p.PolicyArn, kind: "managed", via: "self" });
      statements.push(...managedStatements(p.PolicyArn, `${at}.AttachedManagedPolicies[${j}]`));
    });
    (group.GroupPolicyList ?? []).forEach((p, j) => {
      policies.push({ name: p.PolicyName, arn: null, kind: "inline", via: "self" });
      statements.push(...normalizePolicyDocument(p.PolicyDocument, { file, now, warnings, policyName: p.PolicyName, location: `${at}.GroupPolicyList[${j}].PolicyDocument` }));
    });
    const principal: IamPrincipal = {
      type: "group",
      arn: group.Arn,
      name: group.GroupName,
      accountId: accountOf(group.Arn),
      path: group.Path ?? "/",
      policies,
      groups: [],
      boundaryArn: null,
      policySet: { identity: statements, boundary: null, variables: {}, catalog: options.catalog },
      trust: [],
      instanceProfiles: [],
      lastUsed: null,
    };
    principals.push(principal);
    byArn.set(group.Arn, principal);
    groupsByAccountAndName.set(`${principal.accountId}/${group.GroupName}`, { principal, statements });
  });

  const boundaryOf = (arn: string | undefined, location: string): PolicyStatement[] | null =>
    arn === undefined ? null : managedStatements(arn, `${location}.PermissionsBoundary`);

  details.UserDetailList.forEach((user, i) => {
    const at = `UserDetailList[${i}]`;
    const accountId = accountOf(user.Arn);
    const statements: PolicyStatement[] = [];
    const policies: AttachedPolicy[] = [];
    (user.AttachedManagedPolicies ?? []).forEach((p, j) => {
      policies.push({ name: p.PolicyName, arn: p.PolicyArn, kind: "managed", via: "self" });
      statements.push(...managedStatements(p.PolicyArn, `${at}.AttachedManagedPolicies[${j}]`));
    });
    (user.UserPolicyList ?? []).forEach((p, j) => {
      policies.push({ name: p.PolicyName, arn: null, kind: "inline", via: "self" });
      statements.push(...normalizePolicyDocument(p.PolicyDocument, { file, now, warnings, policyName: p.PolicyName, location: `${at}.UserPolicyList[${j}].PolicyDocument` }));
    });
    const groups: string[] = [];
    (user.GroupList ?? []).forEach((groupName, j) => {
      const group = groupsByAccountAndName.get(`${accountId}/${groupName}`);
      if (!group) {
        warnings.push({ code: "aws-iam:missing-group", message: `group "${groupName}" is not in the export's GroupDetailList; its policies are not counted`, location: { file, path: `${at}.GroupList[${j}]` } });
        return;
      }
      groups.push(group.principal.arn);
      for (const p of group.principal.policies) policies.push({ ...p, via: groupName });
      statements.push(...group.statements);
    });
    const principal: IamPrincipal = {
      type: "user",
      arn: user.Arn,
      name: user.UserName,
      accountId,
      path: user.Path ?? "/",
      policies,
      groups,
      boundaryArn: user.PermissionsBoundary?.PermissionsBoundaryArn ?? null,
      policySet: { identity: statements, boundary: boundaryOf(user.PermissionsBoundary?.PermissionsBoundaryArn, at), variables: { username: user.UserName }, catalog: options.catalog },
      trust: [],
      instanceProfiles: [],
      lastUsed: null,
    };
    principals.push(principal);
    byArn.set(user.Arn, principal);
  });

  details.RoleDetailList.forEach((role, i) => {
    const at = `RoleDetailList[${i}]`;
    const statements: PolicyStatement[] = [];
    const policies: AttachedPolicy[] = [];
    (role.AttachedManagedPolicies ?? []).forEach((p, j) => {
      policies.push({ name: p.PolicyName, arn: p.PolicyArn, kind: "managed", via: "self" });
      statements.push(...managedStatements(p.PolicyArn, `${at}.AttachedManagedPolicies[${j}]`));
    });
    (role.RolePolicyList ?? []).forEach((p, j) => {
      policies.push({ name: p.PolicyName, arn: null, kind: "inline", via: "self" });
      statements.push(...normalizePolicyDocument(p.PolicyDocument, { file, now, warnings, policyName: p.PolicyName, location: `${at}.RolePolicyList[${j}].PolicyDocument` }));
    });
    const trust =
      role.AssumeRolePolicyDocument === undefined
        ? []
        : normalizePolicyDocument(role.AssumeRolePolicyDocument, { file, now, warnings, policyName: `${role.RoleName} trust policy`, location: `${at}.AssumeRolePolicyDocument` });
    const principal: IamPrincipal = {
      type: "role",
      arn: role.Arn,
      name: role.RoleName,
      accountId: accountOf(role.Arn),
      path: role.Path ?? "/",
      policies,
      groups: [],
      boundaryArn: role.PermissionsBoundary?.PermissionsBoundaryArn ?? null,
      policySet: { identity: statements, boundary: boundaryOf(role.PermissionsBoundary?.PermissionsBoundaryArn, at), variables: {}, catalog: options.catalog },
      trust,
      instanceProfiles: (role.InstanceProfileList ?? []).map((p) => p.InstanceProfileName ?? p.Arn ?? "instance-profile"),
      lastUsed: role.RoleLastUsed?.LastUsedDate ?? null,
    };
    principals.push(principal);
    byArn.set(role.Arn, principal);
  });

  const accounts = [...new Set(principals.map((p) => p.accountId))].sort();
  return { principals, byArn, managedPolicies, accounts };
}
