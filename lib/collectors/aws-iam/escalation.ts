/**
 * Privilege escalation: the ways a principal can make itself into another identity (or into an
 * administrator of its account) with the permissions it already has. One method per entry, each with the
 * reason it works; the published catalogues (Rhino Security Labs' 21 methods, Bishop Fox iam-vulnerable)
 * are the reference. IAM actions only reach resources in the caller's own account, so every target is
 * looked up there.
 */
import { evaluateOnSomeResource, evaluateRequest, type Decision } from "./evaluate";
import type { IamModel, IamPrincipal } from "./principals";
import type { TrustAnalysis } from "./trust";

export type EscalationTarget = { kind: "principal"; principal: IamPrincipal } | { kind: "admin"; accountId: string };

export interface EscalationEdge {
  from: IamPrincipal;
  to: EscalationTarget;
  method: string;
  conditional: boolean;
  /** The policy / role / group the method acts on. */
  via?: string;
  /** The method needs a resource we cannot see in an IAM export (a running instance, a function). */
  needsExistingResource?: boolean;
  /** A permissions boundary caps what the principal can grant itself. */
  cappedByBoundary?: string;
}

/** Service-linked and SSO-reserved roles cannot have their trust or policies changed by customers. */
function isProtectedRole(role: IamPrincipal): boolean {
  return role.path.startsWith("/aws-service-role/") || role.path.startsWith("/aws-reserved/");
}

/**
 * Create-a-workload-with-a-role methods: pass a role to a service, then make the service run our code.
 * `any` = one of these is enough after the required ones.
 */
const PASS_ROLE_METHODS: { service: string; all: string[]; any?: string[]; needsInstanceProfile?: boolean; needsExistingResource?: boolean }[] = [
  { service: "ec2.amazonaws.com", all: ["ec2:RunInstances"], needsInstanceProfile: true },
  // Attach a role's instance profile to an instance the caller already controls (needs that instance).
  { service: "ec2.amazonaws.com", all: ["ec2:AssociateIamInstanceProfile"], needsInstanceProfile: true, needsExistingResource: true },
  { service: "ec2.amazonaws.com", all: ["ec2:ReplaceIamInstanceProfileAssociation"], needsInstanceProfile: true, needsExistingResource: true },
  { service: "lambda.amazonaws.com", all: ["lambda:CreateFunction"], any: ["lambda:InvokeFunction", "lambda:CreateEventSourceMapping", "lambda:CreateFunctionUrlConfig", "lambda:AddPermission"] },
  { service: "glue.amazonaws.com", all: ["glue:CreateDevEndpoint"] },
  { service: "glue.amazonaws.com", all: ["glue:CreateJob"], any: ["glue:StartJobRun", "glue:CreateTrigger"] },
  { service: "cloudformation.amazonaws.com", all: ["cloudformation:CreateStack"] },
  { service: "cloudformation.amazonaws.com", all: ["cloudformation:CreateChangeSet", "cloudformation:ExecuteChangeSet"] },
  { service: "datapipeline.amazonaws.com", all: ["datapipeline:CreatePipeline", "datapipeline:PutPipelineDefinition"] },
  { service: "sagemaker.amazonaws.com", all: ["sagemaker:CreateNotebookInstance"] },
  { service: "sagemaker.amazonaws.com", all: ["sagemaker:CreateTrainingJob"] },
  { service: "sagemaker.amazonaws.com", all: ["sagemaker:CreateProcessingJob"] },
  { service: "codebuild.amazonaws.com", all: ["codebuild:CreateProject"], any: ["codebuild:StartBuild", "codebuild:StartBuildBatch"] },
  { service: "ecs-tasks.amazonaws.com", all: ["ecs:RegisterTaskDefinition"], any: ["ecs:RunTask", "ecs:StartTask", "ecs:CreateService"] },
  { service: "states.amazonaws.com", all: ["states:CreateStateMachine", "states:StartExecution"] },
];

/**
 * Take-over-an-existing-workload methods: no PassRole needed, the workload already runs with a role the
 * service assumes. The export cannot show which workloads exist, so these edges say `needsExistingResource`.
 */
const EXISTING_WORKLOAD_METHODS: { service: string; action: string; needsInstanceProfile?: boolean }[] = [
  { service: "lambda.amazonaws.com", action: "lambda:UpdateFunctionCode" },
  { service: "glue.amazonaws.com", action: "glue:UpdateDevEndpoint" },
  { service: "cloudformation.amazonaws.com", action: "cloudformation:UpdateStack" },
  { service: "cloudformation.amazonaws.com", action: "cloudformation:UpdateStackSet" },
  { service: "ec2.amazonaws.com", action: "ssm:SendCommand", needsInstanceProfile: true },
  { service: "ec2.amazonaws.com", action: "ssm:StartSession", needsInstanceProfile: true },
  { service: "ec2.amazonaws.com", action: "ec2-instance-connect:SendSSHPublicKey", needsInstanceProfile: true },
  { service: "ec2.amazonaws.com", action: "ec2-instance-connect:SendSerialConsoleSSHPublicKey", needsInstanceProfile: true },
  { service: "sagemaker.amazonaws.com", action: "sagemaker:CreatePresignedNotebookInstanceUrl" },
  { service: "codebuild.amazonaws.com", action: "codebuild:StartBuild" },
  { service: "codebuild.amazonaws.com", action: "codebuild:StartBuildBatch" },
];

function combine(decisions: Decision[]): { allowed: boolean; conditional: boolean } {
  return { allowed: decisions.every((d) => d.allowed), conditional: decisions.some((d) => d.conditional) };
}

export function findEscalations(model: IamModel, trust: TrustAnalysis): EscalationEdge[] {
  const edges: EscalationEdge[] = [];
  const assumable = new Map<string, IamPrincipal[]>();
  for (const edge of trust.edges) {
    if (!("arn" in edge.from)) continue;
    assumable.set(edge.from.arn, [...(assumable.get(edge.from.arn) ?? []), edge.role]);
  }
  const rolesTrusting = (service: string, accountId: string, needsInstanceProfile: boolean) =>
    model.principals.filter(
      (r) =>
        r.type === "role" &&
        r.accountId === accountId &&
        (trust.trustedServices.get(r.arn) ?? []).includes(service) &&
        (!needsInstanceProfile || r.instanceProfiles.length > 0),
    );

  for (const p of model.principals) {
    if (p.type === "group") continue;
    const set = p.policySet;
    const on = (action: string, arn: string) => evaluateRequest(set, action, arn);
    const some = (action: string) => evaluateOnSomeResource(set, action);
    const admin: EscalationTarget = { kind: "admin", accountId: p.accountId };
    const push = (edge: Omit<EscalationEdge, "from">) => edges.push({ from: p, ...edge });
    const capped = p.boundaryArn ?? undefined;

    // 1–2. Rewrite a customer-managed policy that applies to me: a new default version, or an older one.
    const myPolicies = new Set(p.policies.filter((a) => a.kind === "managed" && a.arn).map((a) => a.arn!));
    for (const arn of myPolicies) {
      const policy = model.managedPolicies.get(arn);
      if (!policy || policy.awsManaged) continue;
      const create = on("iam:CreatePolicyVersion", arn);
      if (create.allowed) push({ to: admin, method: "iam:CreatePolicyVersion", conditional: create.conditional, via: arn, cappedByBoundary: capped });
      // Switching versions only helps when another version exists (iam-vulnerable's own note on privesc2).
      const setDefault = on("iam:SetDefaultPolicyVersion", arn);
      if (setDefault.allowed && policy.versionCount > 1) push({ to: admin, method: "iam:SetDefaultPolicyVersion", conditional: setDefault.conditional, via: arn, cappedByBoundary: capped });
    }

    // 3–4. Attach or write a policy on myself, or on a group I am in.
    const selfTargets: { arn: string; attach: string; put: string }[] =
      p.type === "user"
        ? [{ arn: p.arn, attach: "iam:AttachUserPolicy", put: "iam:PutUserPolicy" }, ...p.groups.map((g) => ({ arn: g, attach: "iam:AttachGroupPolicy", put: "iam:PutGroupPolicy" }))]
        : [{ arn: p.arn, attach: "iam:AttachRolePolicy", put: "iam:PutRolePolicy" }];
    for (const target of selfTargets) {
      for (const action of [target.attach, target.put]) {
        const d = on(action, target.arn);
        if (d.allowed) push({ to: admin, method: action, conditional: d.conditional, via: target.arn, cappedByBoundary: capped });
      }
    }

    // 5. Remove or replace my own permissions boundary.
    if (p.boundaryArn) {
      const actions = p.type === "user" ? ["iam:DeleteUserPermissionsBoundary", "iam:PutUserPermissionsBoundary"] : ["iam:DeleteRolePermissionsBoundary", "iam:PutRolePermissionsBoundary"];
      for (const action of actions) {
        const d = on(action, p.arn);
        if (d.allowed) push({ to: admin, method: action, conditional: d.conditional, via: p.boundaryArn });
      }
    }

    // 6. Grant a role I can already assume more permissions, then assume it.
    for (const role of assumable.get(p.arn) ?? []) {
      if (isProtectedRole(role)) continue;
      for (const action of ["iam:AttachRolePolicy", "iam:PutRolePolicy"]) {
        const d = on(action, role.arn);
        if (d.allowed) push({ to: admin, method: `${action}+sts:AssumeRole`, conditional: d.conditional, via: role.arn, cappedByBoundary: role.boundaryArn ?? undefined });
      }
    }

    // Per-target checks cost principals × targets; skip them unless the action is allowed somewhere at all.
    const mayAct = (action: string) => some(action).allowed;
    const mayAddToGroup = p.type === "user" && mayAct("iam:AddUserToGroup");
    const credentialActions = ["iam:CreateAccessKey", "iam:CreateLoginProfile", "iam:UpdateLoginProfile"].filter(mayAct);
    const mayRewriteTrust = mayAct("iam:UpdateAssumeRolePolicy");
    const anyTargetMethod = mayAddToGroup || credentialActions.length > 0 || mayRewriteTrust;
    for (const other of anyTargetMethod ? model.principals : []) {
      if (other === p || other.accountId !== p.accountId) continue;
      // 7. Add myself to a group.
      if (other.type === "group" && mayAddToGroup && !p.groups.includes(other.arn)) {
        const d = on("iam:AddUserToGroup", other.arn);
        if (d.allowed) push({ to: { kind: "principal", principal: other }, method: "iam:AddUserToGroup", conditional: d.conditional, cappedByBoundary: capped });
      }
      // 8. Mint credentials for another user: an access key, or a console password.
      if (other.type === "user") {
        for (const action of credentialActions) {
          const d = on(action, other.arn);
          if (d.allowed) push({ to: { kind: "principal", principal: other }, method: action, conditional: d.conditional });
        }
      }
      // 9. Rewrite a role's trust policy to trust me, then assume it.
      if (other.type === "role" && mayRewriteTrust && !isProtectedRole(other)) {
        const update = on("iam:UpdateAssumeRolePolicy", other.arn);
        if (update.allowed) {
          const assume = on("sts:AssumeRole", other.arn);
          if (assume.allowed) push({ to: { kind: "principal", principal: other }, method: "iam:UpdateAssumeRolePolicy+sts:AssumeRole", conditional: update.conditional || assume.conditional });
        }
      }
    }

    // 10. Pass a role to a new workload that runs my code.
    for (const method of PASS_ROLE_METHODS) {
      const base = combine(method.all.map(some));
      if (!base.allowed) continue;
      let conditional = base.conditional;
      let name = ["iam:PassRole", ...method.all].join("+");
      if (method.any) {
        const alternatives = method.any.map((a) => ({ a, d: some(a) })).filter((x) => x.d.allowed);
        if (alternatives.length === 0) continue;
        const best = alternatives.find((x) => !x.d.conditional) ?? alternatives[0];
        conditional ||= best.d.conditional;
        name += `+${best.a}`;
      }
      for (const role of rolesTrusting(method.service, p.accountId, method.needsInstanceProfile ?? false)) {
        if (role === p) continue;
        const pass = on("iam:PassRole", role.arn);
        if (pass.allowed) push({ to: { kind: "principal", principal: role }, method: name, conditional: conditional || pass.conditional, needsExistingResource: method.needsExistingResource });
      }
    }

    // 11. Take over an existing workload that already runs with a role.
    for (const method of EXISTING_WORKLOAD_METHODS) {
      const d = some(method.action);
      if (!d.allowed) continue;
      for (const role of rolesTrusting(method.service, p.accountId, method.needsInstanceProfile ?? false)) {
        if (role === p) continue;
        push({ to: { kind: "principal", principal: role }, method: method.action, conditional: d.conditional, needsExistingResource: true });
      }
    }
  }
  return edges;
}
