/**
 * Escalation methods on tiny hand-built accounts: each case is one route a per-policy scanner gets wrong.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { loadActionCatalog, type ActionCatalog } from "./action-catalog";
import { parseAuthorizationDetails } from "./export-schema";
import { analyzeAuthorizationDetails, type PrincipalVerdict } from "./map";

const ACCOUNT = "111122223333";
const arn = (kind: string, name: string) => `arn:aws:iam::${ACCOUNT}:${kind}/${name}`;
const doc = (...Statement: object[]) => ({ Version: "2012-10-17", Statement });
const allow = (Action: unknown, Resource: unknown = "*") => ({ Effect: "Allow", Action, Resource });

let catalog: ActionCatalog;
beforeAll(async () => {
  catalog = await loadActionCatalog();
});

interface Account {
  users?: { name: string; policies?: object[]; managed?: string[]; groups?: string[] }[];
  groups?: { name: string; policies?: object[] }[];
  roles?: { name: string; trust: object; policies?: object[]; instanceProfile?: boolean }[];
  managed?: { name: string; versions: object[] }[];
}

function verdicts(account: Account): Map<string, PrincipalVerdict> {
  const raw = {
    UserDetailList: (account.users ?? []).map((u) => ({
      UserName: u.name,
      Arn: arn("user", u.name),
      GroupList: u.groups ?? [],
      UserPolicyList: (u.policies ?? []).map((d, i) => ({ PolicyName: `${u.name}-${i}`, PolicyDocument: d })),
      AttachedManagedPolicies: (u.managed ?? []).map((m) => ({ PolicyName: m, PolicyArn: arn("policy", m) })),
    })),
    GroupDetailList: (account.groups ?? []).map((g) => ({
      GroupName: g.name,
      Arn: arn("group", g.name),
      GroupPolicyList: (g.policies ?? []).map((d, i) => ({ PolicyName: `${g.name}-${i}`, PolicyDocument: d })),
      AttachedManagedPolicies: [],
    })),
    RoleDetailList: (account.roles ?? []).map((r) => ({
      RoleName: r.name,
      Arn: arn("role", r.name),
      Path: "/",
      AssumeRolePolicyDocument: r.trust,
      RolePolicyList: (r.policies ?? []).map((d, i) => ({ PolicyName: `${r.name}-${i}`, PolicyDocument: d })),
      AttachedManagedPolicies: [],
      InstanceProfileList: r.instanceProfile ? [{ InstanceProfileName: r.name }] : [],
    })),
    Policies: (account.managed ?? []).map((m) => ({
      PolicyName: m.name,
      Arn: arn("policy", m.name),
      DefaultVersionId: "v1",
      PolicyVersionList: m.versions.map((d, i) => ({ VersionId: `v${i + 1}`, IsDefaultVersion: i === 0, Document: d })),
    })),
  };
  const details = parseAuthorizationDetails(raw, "test.json");
  const analysis = analyzeAuthorizationDetails(details, catalog, { file: "test.json", now: Date.parse("2026-11-24T00:00:00Z") });
  return new Map(analysis.verdicts.map((v) => [v.name, v]));
}

const admin = { name: "admin", policies: [doc(allow("*"))] };

describe("escalation methods", () => {
  it("SetDefaultPolicyVersion escalates only when another version of an attached policy exists", () => {
    const v = verdicts({
      users: [
        { name: "two-versions", managed: ["p2"] },
        { name: "one-version", managed: ["p1"] },
      ],
      managed: [
        { name: "p2", versions: [doc(allow("iam:SetDefaultPolicyVersion")), doc(allow("*"))] },
        { name: "p1", versions: [doc(allow("iam:SetDefaultPolicyVersion"))] },
      ],
    });
    expect(v.get("two-versions")).toMatchObject({ canEscalate: true, escalationMethods: ["iam:SetDefaultPolicyVersion"] });
    expect(v.get("one-version")?.canEscalate).toBe(false);
  });

  it("UpdateAssumeRolePolicy + sts:AssumeRole on a stronger role escalates; without sts:AssumeRole it does not", () => {
    const v = verdicts({
      users: [
        { name: "rewriter", policies: [doc(allow(["iam:UpdateAssumeRolePolicy", "sts:AssumeRole"], arn("role", "strong")))] },
        { name: "half", policies: [doc(allow("iam:UpdateAssumeRolePolicy"))] },
      ],
      roles: [{ name: "strong", trust: doc({ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }), policies: [doc(allow("rds:*"))] }],
    });
    expect(v.get("rewriter")).toMatchObject({ canEscalate: true, escalationMethods: ["iam:UpdateAssumeRolePolicy+sts:AssumeRole"], escalatesTo: ["strong"] });
    expect(v.get("half")?.canEscalate).toBe(false);
  });

  it("CreateAccessKey on another user escalates only towards a user with more permissions", () => {
    const v = verdicts({
      users: [
        { name: "minter", policies: [doc(allow("iam:CreateAccessKey", arn("user", "weak")), allow("s3:GetObject"))] },
        { name: "weak", policies: [doc(allow("s3:GetObject"))] },
        { name: "minter2", policies: [doc(allow("iam:CreateAccessKey", arn("user", "admin")))] },
        admin,
      ],
    });
    expect(v.get("minter")?.canEscalate).toBe(false);
    expect(v.get("minter2")).toMatchObject({ canEscalate: true, escalationMethods: ["iam:CreateAccessKey"], escalatesTo: ["admin"] });
    expect(v.get("admin")).toMatchObject({ isAdmin: true, canEscalate: false });
  });

  it("PassRole alone is not an escalation; PassRole + a workload the role's service runs is", () => {
    const trustLambda = doc({ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" });
    const v = verdicts({
      users: [
        { name: "passer", policies: [doc(allow("iam:PassRole"))] },
        { name: "builder", policies: [doc(allow("iam:PassRole", arn("role", "fn-role"))), doc(allow(["lambda:CreateFunction", "lambda:InvokeFunction"]))] },
        { name: "wrong-service", policies: [doc(allow(["iam:PassRole", "glue:CreateDevEndpoint"]))] },
      ],
      roles: [{ name: "fn-role", trust: trustLambda, policies: [doc(allow("dynamodb:*"))] }],
    });
    expect(v.get("passer")?.canEscalate).toBe(false);
    expect(v.get("builder")).toMatchObject({ canEscalate: true, escalationMethods: ["iam:PassRole+lambda:CreateFunction+lambda:InvokeFunction"] });
    expect(v.get("wrong-service")?.canEscalate).toBe(false);
  });

  it("a trust policy open to everyone (AWS: *) lets any principal assume the role", () => {
    const v = verdicts({
      users: [{ name: "nobody" }],
      roles: [{ name: "open", trust: doc({ Effect: "Allow", Principal: { AWS: "*" }, Action: "sts:AssumeRole" }), policies: [doc(allow("s3:*"))] }],
    });
    expect(v.get("nobody")).toMatchObject({ canEscalate: true, escalationMethods: ["sts:AssumeRole"], escalatesTo: ["open"] });
  });

  it("an explicit Deny on sts:AssumeRole blocks even a trust policy that names the user", () => {
    const v = verdicts({
      users: [{ name: "blocked", policies: [doc({ Effect: "Deny", Action: "sts:*", Resource: "*" })] }],
      roles: [{ name: "named", trust: doc({ Effect: "Allow", Principal: { AWS: arn("user", "blocked") }, Action: "sts:AssumeRole" }), policies: [doc(allow("*"))] }],
    });
    expect(v.get("blocked")?.canEscalate).toBe(false);
  });

  it("a group policy plus a user policy together: PutGroupPolicy on the user's own group", () => {
    const v = verdicts({
      users: [{ name: "member", groups: ["team"], policies: [doc(allow("iam:PutGroupPolicy", arn("group", "team")))] }],
      groups: [{ name: "team", policies: [doc(allow("s3:GetObject"))] }],
    });
    expect(v.get("member")).toMatchObject({ canEscalate: true, escalationMethods: ["iam:PutGroupPolicy"], escalatesTo: [`administrator of ${ACCOUNT}`] });
  });
});
