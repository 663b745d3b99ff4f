/**
 * The shape of `aws iam get-account-authorization-details` output, checked at the boundary. Only what the
 * analysis needs is required; everything else passes through. A missing required field fails with the JSON
 * path of the offending record, so a hand-edited or truncated export is easy to fix.
 */
import { z } from "zod";
import { issueMessage, shownKey } from "@/lib/issue-text";
import { AppError } from "@/lib/errors";

const attachedPolicy = z.looseObject({ PolicyName: z.string(), PolicyArn: z.string() });
const inlinePolicy = z.looseObject({ PolicyName: z.string(), PolicyDocument: z.unknown() });
const boundary = z.looseObject({ PermissionsBoundaryArn: z.string(), PermissionsBoundaryType: z.string().optional() }).optional();

export const userDetailSchema = z.looseObject({
  UserName: z.string(),
  Arn: z.string(),
  Path: z.string().optional(),
  GroupList: z.array(z.string()).optional(),
  AttachedManagedPolicies: z.array(attachedPolicy).optional(),
  UserPolicyList: z.array(inlinePolicy).optional(),
  PermissionsBoundary: boundary,
});

export const groupDetailSchema = z.looseObject({
  GroupName: z.string(),
  Arn: z.string(),
  Path: z.string().optional(),
  AttachedManagedPolicies: z.array(attachedPolicy).optional(),
  GroupPolicyList: z.array(inlinePolicy).optional(),
});

export const roleDetailSchema = z.looseObject({
  RoleName: z.string(),
  Arn: z.string(),
  Path: z.string().optional(),
  AssumeRolePolicyDocument: z.unknown().optional(),
  AttachedManagedPolicies: z.array(attachedPolicy).optional(),
  RolePolicyList: z.array(inlinePolicy).optional(),
  InstanceProfileList: z.array(z.looseObject({ InstanceProfileName: z.string().optional(), Arn: z.string().optional() })).optional(),
  PermissionsBoundary: boundary,
  RoleLastUsed: z.looseObject({ LastUsedDate: z.string().optional() }).optional(),
});

export const managedPolicySchema = z.looseObject({
  PolicyName: z.string(),
  Arn: z.string(),
  DefaultVersionId: z.string().optional(),
  PolicyVersionList: z.array(z.looseObject({ Document: z.unknown(), VersionId: z.string().optional(), IsDefaultVersion: z.boolean().optional() })),
});

const EXPORT_LISTS = ["UserDetailList", "GroupDetailList", "RoleDetailList", "Policies"];

export const authorizationDetailsSchema = z.looseObject({
  UserDetailList: z.array(userDetailSchema).default([]),
  GroupDetailList: z.array(groupDetailSchema).default([]),
  RoleDetailList: z.array(roleDetailSchema).default([]),
  Policies: z.array(managedPolicySchema).default([]),
});

export type AuthorizationDetails = z.output<typeof authorizationDetailsSchema>;
export type UserDetail = z.output<typeof userDetailSchema>;
export type GroupDetail = z.output<typeof groupDetailSchema>;
export type RoleDetail = z.output<typeof roleDetailSchema>;
export type ManagedPolicy = z.output<typeof managedPolicySchema>;

/** `["RoleDetailList", 3, "RoleName"]` → `RoleDetailList[3].RoleName`. */
export function formatJsonPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const part of path) out += typeof part === "number" ? `[${part}]` : out === "" ? shownKey(part) : `.${shownKey(part)}`;
  return out || "(root)";
}

export function parseAuthorizationDetails(raw: unknown, file: string): AuthorizationDetails {
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) {
    throw new AppError("bad_request:input", `${file}: (root): expected the JSON object printed by "aws iam get-account-authorization-details"`);
  }
  if (!EXPORT_LISTS.some((key) => key in raw)) {
    throw new AppError("bad_request:input", `${file}: (root): not an authorization-details export: none of ${EXPORT_LISTS.join(", ")} is present`);
  }
  const parsed = authorizationDetailsSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError("bad_request:input", `${file}: ${formatJsonPath(issue.path)}: ${issueMessage(issue)}`, { cause: parsed.error });
  }
  return parsed.data;
}
