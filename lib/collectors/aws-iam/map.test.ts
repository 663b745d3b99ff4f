/**
 * Acceptance on real exports (fixtures/public, from salesforce/cloudsplaining; see the README there): the
 * iam-vulnerable lab account, whose principals are named for what they are supposed to be able to do, and
 * cloudsplaining's teaching account.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { silentContext } from "@/lib/collectors/types";
import { awsAccountAdminKey, awsArnKey, awsServiceResourcesKey } from "@/lib/graph/keys";
import { graphBatchSchema, type GraphBatch, type GraphEdge, type GraphNode } from "@/lib/graph/types";
import { awsIamCollector } from "./index";

const FIXTURES = path.join(import.meta.dirname, "fixtures", "public");
const IAM_VULNERABLE = `${FIXTURES}/iam-vulnerable-authorization-details.json`;
const CLOUDSPLAINING = `${FIXTURES}/cloudsplaining-example-authz-details.json`;
const ctx = silentContext(Buffer.alloc(32, 1));

interface Export {
  UserDetailList: { UserName: string }[];
  RoleDetailList: { RoleName: string }[];
}

function principalNames(file: string): string[] {
  const data = JSON.parse(readFileSync(file, "utf8")) as Export;
  return [...data.UserDetailList.map((u) => u.UserName), ...data.RoleDetailList.map((r) => r.RoleName)];
}

function identities(batch: GraphBatch): GraphNode[] {
  return batch.nodes.filter((n) => n.kind === "identity" && (n.props?.type === "user" || n.props?.type === "role"));
}

function flagged(batch: GraphBatch): string[] {
  return identities(batch).filter((n) => n.props?.canEscalate === true).map((n) => n.name).sort();
}

function edge(batch: GraphBatch, kind: GraphEdge["kind"], srcArn: string, dstKey: string): GraphEdge | undefined {
  return batch.edges.find((e) => e.kind === kind && e.src.key === awsArnKey(srcArn) && e.dst.key === dstKey);
}

/**
 * privesc* principals that, on reading their policies, CANNOT escalate in this export. Each one is a
 * deliberate non-flag, with the reason:
 */
const PRIVESC_THAT_CANNOT = {
  // No policies at all, and no trust policy names it: the lab's starting role trusts the deployer's SSO
  // session (var.aws_assume_role_arn), not this user. Nothing to start the chain with.
  "privesc-AssumeRole-start-user": "no permissions, trusted by no role",
  // The policy has ONE version; SetDefaultPolicyVersion can only switch to an existing version. The lab's
  // own Terraform says: "not exploitable if the only thing in your account is the IAM-Vulnerable stuff".
  "privesc2-SetExistingDefaultPolicyVersion-user": "only one policy version exists",
  "privesc2-SetExistingDefaultPolicyVersion-role": "only one policy version exists",
  // Can rewrite any role's policies, but cannot assume any role afterwards: no sts:AssumeRole in its
  // policies, and no trust policy names it (privesc-permissive-role-trust trusts the account, which
  // still requires sts:AssumeRole in the caller's policies).
  "privesc9-AttachRolePolicy-user": "cannot assume the roles it could modify",
  "privesc12-PutRolePolicy-user": "cannot assume the roles it could modify",
  // User- and group-only methods given to a role: a role is not a user and is in no group, and it cannot
  // mint credentials for the users it could modify.
  "privesc7-AttachUserPolicy-role": "a role cannot become the users it modifies",
  "privesc10-PutUserPolicy-role": "a role cannot become the users it modifies",
  "privesc8-AttachGroupPolicy-role": "a role is in no group",
  "privesc11-PutGroupPolicy-role": "a role is in no group",
  "privesc13-AddUserToGroup-role": "a role cannot be added to a group",
  // Allow * on * already: these are the administrators others escalate TO (isAdmin = true).
  "privesc-AssumeRole-ending-role": "already administrator",
  "privesc-high-priv-service-role": "already administrator",
  // No permissions; a target (it trusts the whole account), not an escalator.
  "privesc-permissive-role-trust": "no permissions of its own",
} as const;

/** Principals outside the lab's naming that can escalate, and why. */
const OTHERS_THAT_CAN = [
  // Can assume AWS-QuickSetup-StackSet-Local-ExecutionRole (AdministratorAccess), named in its trust policy.
  "AWS-QuickSetup-StackSet-Local-AdministrationRole",
  // AmazonSSMServiceRolePolicy allows ssm:SendCommand on every instance; an instance may run with
  // privesc-high-priv-service-role's instance profile (administrator). Only the SSM service can use it.
  "AWSServiceRoleForAmazonSSM",
  // iam:CreateAccessKey on * in account 012345678901, where obama is an administrator.
  "OverprivilegedEC2",
  // iam:PassRole + ec2:AssociateIamInstanceProfile: put OverprivilegedEC2's profile on an instance they control.
  "MyRole",
  "MyOtherRole",
];

describe("aws-iam on the iam-vulnerable account", () => {
  let batch: GraphBatch;
  let names: string[];
  beforeAll(async () => {
    batch = await awsIamCollector.collect({ file: IAM_VULNERABLE }, ctx);
    names = principalNames(IAM_VULNERABLE);
  });

  it("produces a valid batch whose every edge ends on a node of the batch, without duplicate edges", () => {
    const parsed = graphBatchSchema.parse(batch);
    const nodeIds = new Set(parsed.nodes.map((n) => `${n.kind}|${n.key}`));
    for (const e of parsed.edges) {
      expect(nodeIds.has(`${e.src.kind}|${e.src.key}`)).toBe(true);
      expect(nodeIds.has(`${e.dst.kind}|${e.dst.key}`)).toBe(true);
    }
    const edgeIds = parsed.edges.map((e) => `${e.kind}|${e.src.key}|${e.dst.key}|${(e.props as { action?: string }).action ?? ""}`);
    expect(new Set(edgeIds).size).toBe(edgeIds.length);
    expect(parsed.edges.length).toBeLessThan(100_000);
    expect(parsed.warnings).toEqual([]);
  });

  it("flags every privesc* principal that can escalate, and documents each one that cannot", () => {
    const privesc = names.filter((n) => n.startsWith("privesc"));
    expect(privesc).toHaveLength(68);
    for (const name of Object.keys(PRIVESC_THAT_CANNOT)) expect(privesc).toContain(name);
    const expected = privesc.filter((n) => !(n in PRIVESC_THAT_CANNOT));
    expect(flagged(batch).filter((n) => n.startsWith("privesc"))).toEqual(expected.sort());
  });

  it("flags all eight fn* principals (routes single-policy scanners miss)", () => {
    const fn = names.filter((n) => n.startsWith("fn")).sort();
    expect(fn).toHaveLength(8);
    expect(flagged(batch).filter((n) => n.startsWith("fn"))).toEqual(fn);
  });

  it("flags none of the ten fp* principals", () => {
    const fp = names.filter((n) => n.startsWith("fp"));
    expect(fp).toHaveLength(10);
    expect(flagged(batch).filter((n) => n.startsWith("fp"))).toEqual([]);
  });

  it("flags exactly that set and nothing else", () => {
    const expected = [
      ...names.filter((n) => n.startsWith("privesc") && !(n in PRIVESC_THAT_CANNOT)),
      ...names.filter((n) => n.startsWith("fn")),
      ...OTHERS_THAT_CAN,
    ].sort();
    expect(flagged(batch)).toEqual(expected);
  });

  it("explains fn1: two policies together (iam:PassRole from one, ec2:RunInstances from the other)", () => {
    const e = edge(batch, "can_assume", "arn:aws:iam::200611803367:user/fn1-privesc3-partial-user", awsArnKey("arn:aws:iam::200611803367:role/privesc-high-priv-service-role"));
    expect(e?.props).toMatchObject({ escalation: true, method: "iam:PassRole+ec2:RunInstances" });
  });

  it("explains fn2: a resource constraint that still covers its own policy", () => {
    const e = edge(batch, "can_assume", "arn:aws:iam::200611803367:user/fn2-exploitableResourceConstraint-user", awsAccountAdminKey("200611803367"));
    expect(e?.props).toMatchObject({ escalation: true, method: "iam:CreatePolicyVersion", via: ["arn:aws:iam::200611803367:policy/fn2-exploitableResourceConstraint"] });
    expect(e?.props?.conditional).toBeUndefined();
  });

  it("explains fn3: a satisfiable condition makes the escalation conditional, not absent", () => {
    const e = edge(batch, "can_assume", "arn:aws:iam::200611803367:role/fn3-exploitableConditionConstraint-role", awsAccountAdminKey("200611803367"));
    expect(e?.props).toMatchObject({ escalation: true, method: "iam:CreatePolicyVersion", conditional: true });
  });

  it("explains fn4: NotAction leaves iam:PutUserPolicy allowed", () => {
    const node = identities(batch).find((n) => n.name === "fn4-exploitableNotAction-user");
    expect(node?.props?.escalationMethods).toContain("iam:PutUserPolicy");
  });

  it("follows the role chain starting-role → intermediate-role → ending-role (administrator)", () => {
    const start = "arn:aws:iam::200611803367:role/privesc-AssumeRole-starting-role";
    const middle = "arn:aws:iam::200611803367:role/privesc-AssumeRole-intermediate-role";
    const end = "arn:aws:iam::200611803367:role/privesc-AssumeRole-ending-role";
    expect(edge(batch, "can_assume", start, awsArnKey(middle))?.props).toMatchObject({ trust: "arn" });
    expect(edge(batch, "can_assume", middle, awsArnKey(end))?.props).toMatchObject({ trust: "arn" });
    expect(identities(batch).find((n) => n.name === "privesc-AssumeRole-starting-role")?.props).toMatchObject({ canEscalate: true, escalatesTo: ["privesc-AssumeRole-ending-role"] });
  });

  it("uses group membership: privesc11 can write a policy on its own group, privesc13 can join privesc-sre-group", () => {
    const p11 = identities(batch).find((n) => n.name === "privesc11-PutGroupPolicy-user");
    expect(p11?.props?.escalationMethods).toEqual(["iam:PutGroupPolicy"]);
    const e = edge(batch, "can_assume", "arn:aws:iam::200611803367:user/privesc13-AddUserToGroup-user", awsArnKey("arn:aws:iam::200611803367:group/privesc-sre-group"));
    expect(e?.props).toMatchObject({ escalation: true, method: "iam:AddUserToGroup" });
    expect(edge(batch, "member_of", "arn:aws:iam::200611803367:user/privesc-sre-user", awsArnKey("arn:aws:iam::200611803367:group/privesc-sre-group"))).toBeDefined();
  });

  it("links 'root' trust to every principal of the account allowed sts:AssumeRole on the role", () => {
    const target = awsArnKey("arn:aws:iam::200611803367:role/privesc-permissive-role-trust");
    const sources = batch.edges.filter((e) => e.kind === "can_assume" && e.dst.key === target).map((e) => e.src.key);
    expect(sources).toContain(awsArnKey("arn:aws:iam::200611803367:user/privesc14-UpdatingAssumeRolePolicy-user"));
    // iam:* does not include sts:AssumeRole, so "trusts the account" is not enough for privesc-sre-user.
    expect(sources).not.toContain(awsArnKey("arn:aws:iam::200611803367:user/privesc-sre-user"));
    expect(sources).not.toContain(awsArnKey("arn:aws:iam::200611803367:user/privesc9-AttachRolePolicy-user"));
    expect(sources).not.toContain(awsArnKey("arn:aws:iam::200611803367:user/fp2-allow-and-deny-multiple-policies-user"));
  });

  it("marks administrators and gives them destructive `can` edges to per-service aggregate resources", () => {
    const admins = identities(batch).filter((n) => n.props?.isAdmin === true).map((n) => n.name).sort();
    expect(admins).toEqual([
      "AWS-QuickSetup-StackSet-Local-ExecutionRole",
      "AWSReservedSSO_AdministratorAccess_dc6414f7f2ab04fc",
      "OrganizationAccountAccessRole",
      "obama",
      "privesc-AssumeRole-ending-role",
      "privesc-high-priv-service-role",
      "stacksets-exec-b5520cb2730c2f54b523d6375a319abb",
      "userwithlotsofpermissions",
    ]);
    const rds = edge(batch, "can", "arn:aws:iam::012345678901:user/obama", awsServiceResourcesKey("012345678901", "rds"));
    expect(rds).toBeDefined();
    const deleteDb = batch.edges.find((e) => e.kind === "can" && e.src.key === awsArnKey("arn:aws:iam::012345678901:user/obama") && e.props?.action === "rds:DeleteDBInstance");
    expect(deleteDb?.props).toEqual({ action: "rds:DeleteDBInstance", class: "D1" });
  });

  it("gives fp principals no destructive IAM edges and no escalation edges", () => {
    for (const n of identities(batch).filter((x) => x.name.startsWith("fp"))) {
      const out = batch.edges.filter((e) => e.src.key === n.key && (e.kind === "can_assume" || (e.kind === "can" && String(e.props?.action).startsWith("iam:"))));
      expect(out, n.name).toEqual([]);
    }
  });

  it("summarises W and R as counts, and only emits D1–D5 as edges", () => {
    const sre = identities(batch).find((n) => n.name === "privesc-sre-user");
    expect(sre?.props?.actionCounts).toMatchObject({ R: expect.any(Number), W: expect.any(Number), D4: expect.any(Number) });
    expect(batch.edges.filter((e) => e.kind === "can").every((e) => ["D1", "D2", "D3", "D4", "D5"].includes(String(e.props?.class)))).toBe(true);
  });
});

describe("aws-iam on cloudsplaining's example account", () => {
  let batch: GraphBatch;
  beforeAll(async () => {
    batch = await awsIamCollector.collect({ file: CLOUDSPLAINING }, ctx);
  });

  it("finds the administrators and the escalation paths", () => {
    expect(identities(batch).filter((n) => n.props?.isAdmin).map((n) => n.name).sort()).toEqual(["obama", "userwithlotsofpermissions"]);
    // OverprivilegedEC2 can mint keys for obama; MyRole/MyOtherRole can hand themselves OverprivilegedEC2's
    // instance profile. biden (RDS + Lambda full access) has no route: no iam:PassRole, nothing to pass.
    expect(flagged(batch)).toEqual(["MyOtherRole", "MyRole", "OverprivilegedEC2"]);
    const e = edge(batch, "can_assume", "arn:aws:iam::012345678901:role/OverprivilegedEC2", awsArnKey("arn:aws:iam::012345678901:user/obama"));
    expect(e?.props).toMatchObject({ escalation: true, method: "iam:CreateAccessKey" });
  });

  it("gives biden the RDS deletes of its group's AmazonRDSFullAccess", () => {
    const actions = batch.edges.filter((e) => e.kind === "can" && e.src.key === awsArnKey("arn:aws:iam::012345678901:user/biden")).map((e) => e.props?.action);
    expect(actions).toContain("rds:DeleteDBInstance");
    expect(actions).toContain("rds:DeleteDBSnapshot");
  });
});

describe("the account-administrator node", () => {
  it("carries an administrator's destructive grants, so reach through an escalation finds what dies", async () => {
    const batch = await awsIamCollector.collect({ file: IAM_VULNERABLE }, ctx);
    const admin = awsAccountAdminKey("200611803367");
    expect(batch.nodes.find((n) => n.key === admin)).toMatchObject({ kind: "identity", props: { type: "account-administrator", isAdmin: true } });
    const deleteDb = batch.edges.find((e) => e.kind === "can" && e.src.key === admin && e.props?.action === "rds:DeleteDBInstance");
    expect(deleteDb?.dst.key).toBe(awsServiceResourcesKey("200611803367", "rds"));
  });
});
