import { beforeAll, describe, expect, it } from "vitest";
import { loadActionCatalog, type ActionCatalog } from "./action-catalog";
import { evaluateOnSomeResource, evaluateRequest, type PolicySet } from "./evaluate";
import { computePermissions } from "./permissions";
import { normalizePolicyDocument } from "./policy-document";

const NOW = Date.parse("2026-11-24T12:00:00Z");

function statements(...docs: object[]) {
  return docs.flatMap((doc, i) => normalizePolicyDocument(doc, { file: "test.json", policyName: `p${i}`, location: `doc${i}`, now: NOW, warnings: [] }));
}

function policySet(identity: object[], boundary?: object[], username?: string): PolicySet {
  return { identity: statements(...identity), boundary: boundary ? statements(...boundary) : null, variables: { username } };
}

const allow = (Action: unknown, Resource: unknown = "*", extra: object = {}) => ({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action, Resource, ...extra }] });
const deny = (Action: unknown, Resource: unknown = "*", extra: object = {}) => ({ Version: "2012-10-17", Statement: [{ Effect: "Deny", Action, Resource, ...extra }] });

const BUCKET = "arn:aws:s3:::prod-data";
const DB = "arn:aws:rds:us-east-1:111122223333:db:prod";

describe("evaluateRequest", () => {
  it("allows what an Allow names and nothing else (implicit deny)", () => {
    const set = policySet([allow("s3:DeleteBucket", BUCKET)]);
    expect(evaluateRequest(set, "s3:DeleteBucket", BUCKET)).toMatchObject({ allowed: true, conditional: false });
    expect(evaluateRequest(set, "s3:DeleteBucket", "arn:aws:s3:::other")).toMatchObject({ allowed: false, denied: false });
    expect(evaluateRequest(set, "rds:DeleteDBInstance", DB).allowed).toBe(false);
  });

  it("lets an explicit Deny win over an Allow, across policies", () => {
    const set = policySet([allow("*")], undefined);
    expect(evaluateRequest(set, "rds:DeleteDBInstance", DB).allowed).toBe(true);
    const denied = policySet([allow("*"), deny("rds:Delete*")]);
    expect(evaluateRequest(denied, "rds:DeleteDBInstance", DB)).toMatchObject({ allowed: false, denied: true });
    expect(evaluateRequest(denied, "rds:CreateDBInstance", DB).allowed).toBe(true);
  });

  it("matches action wildcards case-insensitively and resource wildcards case-sensitively", () => {
    const set = policySet([allow(["IAM:create*", "ec2:Terminate?nstances"], ["arn:aws:iam::*:user/dev-*", "*"])]);
    expect(evaluateRequest(set, "iam:CreateAccessKey", "arn:aws:iam::111122223333:user/dev-alice").allowed).toBe(true);
    expect(evaluateRequest(set, "ec2:TerminateInstances", "*").allowed).toBe(true);
    const narrow = policySet([allow("iam:CreateAccessKey", "arn:aws:iam::*:user/dev-*")]);
    expect(evaluateRequest(narrow, "iam:CreateAccessKey", "arn:aws:iam::111122223333:user/DEV-alice").allowed).toBe(false);
    expect(evaluateRequest(narrow, "iam:CreateAccessKey", "arn:aws:iam::111122223333:user/admin").allowed).toBe(false);
  });

  it("treats NotAction as every other action", () => {
    const set = policySet([{ Statement: [{ Effect: "Allow", NotAction: ["iam:Create*", "iam:Attach*"], Resource: "*" }] }]);
    expect(evaluateRequest(set, "iam:CreatePolicyVersion", "arn:aws:iam::111122223333:policy/x").allowed).toBe(false);
    expect(evaluateRequest(set, "iam:PutUserPolicy", "arn:aws:iam::111122223333:user/me").allowed).toBe(true);
    expect(evaluateRequest(set, "s3:DeleteBucket", BUCKET).allowed).toBe(true);
  });

  it("treats NotResource as every other resource, for Allow and for Deny", () => {
    const set = policySet([
      { Statement: [{ Effect: "Allow", Action: "s3:*", NotResource: ["arn:aws:s3:::audit-logs", "arn:aws:s3:::audit-logs/*"] }] },
    ]);
    expect(evaluateRequest(set, "s3:DeleteBucket", BUCKET).allowed).toBe(true);
    expect(evaluateRequest(set, "s3:DeleteBucket", "arn:aws:s3:::audit-logs").allowed).toBe(false);
    const guarded = policySet([allow("s3:*"), { Statement: [{ Effect: "Deny", Action: "s3:Delete*", NotResource: "arn:aws:s3:::scratch-*" }] }]);
    expect(evaluateRequest(guarded, "s3:DeleteBucket", BUCKET).allowed).toBe(false);
    expect(evaluateRequest(guarded, "s3:DeleteBucket", "arn:aws:s3:::scratch-1").allowed).toBe(true);
  });

  it("caps identity policies with the permissions boundary", () => {
    const set = policySet([allow("*")], [allow(["s3:*", "iam:Get*"])]);
    expect(evaluateRequest(set, "s3:DeleteBucket", BUCKET).allowed).toBe(true);
    expect(evaluateRequest(set, "iam:CreateAccessKey", "arn:aws:iam::111122223333:user/x").allowed).toBe(false);
    // The boundary grants nothing by itself.
    const boundaryOnly = policySet([allow("s3:GetObject")], [allow("*")]);
    expect(evaluateRequest(boundaryOnly, "s3:DeleteBucket", BUCKET).allowed).toBe(false);
    // A Deny in the boundary also wins.
    const boundaryDeny = policySet([allow("*")], [allow("*"), deny("rds:*")]);
    expect(evaluateRequest(boundaryDeny, "rds:DeleteDBInstance", DB).denied).toBe(true);
  });

  it("counts an undecidable condition as allowing, marked conditional", () => {
    const mfa = { Condition: { Bool: { "aws:MultiFactorAuthPresent": "true" } } };
    const set = policySet([allow("rds:DeleteDBInstance", "*", mfa)]);
    expect(evaluateRequest(set, "rds:DeleteDBInstance", DB)).toMatchObject({ allowed: true, conditional: true });
    // A conditional Deny cannot be shown to apply: the permission stays, conditionally.
    const conditionalDeny = policySet([allow("*"), deny("rds:*", "*", { Condition: { StringNotEquals: { "aws:RequestedRegion": "eu-west-1" } } })]);
    expect(evaluateRequest(conditionalDeny, "rds:DeleteDBInstance", DB)).toMatchObject({ allowed: true, conditional: true });
    // An unconditional Allow beside a conditional one is not conditional.
    const both = policySet([allow("rds:DeleteDBInstance", "*", mfa), allow("rds:*")]);
    expect(evaluateRequest(both, "rds:DeleteDBInstance", DB).conditional).toBe(false);
  });

  it("drops statements whose date condition can never hold (fp5) and keeps those that can (fn3)", () => {
    const past = policySet([allow("iam:CreatePolicyVersion", "*", { Condition: { DateLessThan: { "aws:TokenIssueTime": "2020-01-01T00:00:01Z" } } })]);
    expect(evaluateRequest(past, "iam:CreatePolicyVersion", "arn:aws:iam::1:policy/x").allowed).toBe(false);
    const future = policySet([allow("iam:CreatePolicyVersion", "*", { Condition: { DateGreaterThan: { "aws:TokenIssueTime": "2020-01-01T00:00:01Z" } } })]);
    expect(evaluateRequest(future, "iam:CreatePolicyVersion", "arn:aws:iam::1:policy/x")).toMatchObject({ allowed: true, conditional: true });
    const expired = policySet([allow("*", "*", { Condition: { DateLessThan: { "aws:CurrentTime": "2025-01-01T00:00:00Z" } } })]);
    expect(evaluateRequest(expired, "s3:DeleteBucket", BUCKET).allowed).toBe(false);
    const ifExists = policySet([allow("*", "*", { Condition: { DateLessThanIfExists: { "aws:TokenIssueTime": "2020-01-01T00:00:00Z" } } })]);
    expect(evaluateRequest(ifExists, "s3:DeleteBucket", BUCKET).allowed).toBe(true);
  });

  it("substitutes ${aws:username} for the principal and widens unknown variables", () => {
    const set = policySet([allow("iam:CreateAccessKey", "arn:aws:iam::*:user/${aws:username}")], undefined, "alice");
    expect(evaluateRequest(set, "iam:CreateAccessKey", "arn:aws:iam::1:user/alice").allowed).toBe(true);
    expect(evaluateRequest(set, "iam:CreateAccessKey", "arn:aws:iam::1:user/bob").allowed).toBe(false);
  });

  it("evaluateOnSomeResource: any Allow counts, only a Deny on every resource removes it", () => {
    const set = policySet([allow("lambda:CreateFunction", "arn:aws:lambda:*:*:function:app-*"), deny("lambda:CreateFunction", "arn:aws:lambda:*:*:function:app-prod")]);
    expect(evaluateOnSomeResource(set, "lambda:CreateFunction")).toMatchObject({ allowed: true, conditional: true });
    const full = policySet([allow("lambda:*"), deny("lambda:CreateFunction")]);
    expect(evaluateOnSomeResource(full, "lambda:CreateFunction").allowed).toBe(false);
  });
});

describe("computePermissions (whole catalogue)", () => {
  let catalog: ActionCatalog;
  beforeAll(async () => {
    catalog = await loadActionCatalog();
  });

  it("an Allow * is an administrator; a Deny on one service is not", () => {
    expect(computePermissions(catalog, policySet([allow("*")])).isAdmin).toBe(true);
    expect(computePermissions(catalog, policySet([allow("*"), deny("iam:*")])).isAdmin).toBe(false);
    expect(computePermissions(catalog, policySet([allow("*")], [allow("s3:*")])).isAdmin).toBe(false);
  });

  it("Allow and Deny of the same actions leave nothing (fp1/fp2 shape)", () => {
    const perms = computePermissions(catalog, policySet([allow("iam:*"), deny("iam:*")]));
    expect(Object.values(perms.counts).reduce((a, b) => a + b, 0)).toBe(0);
    expect(perms.grants).toEqual([]);
  });

  it("grants destructive actions only, on the resource pattern written, with the D-class from the catalogue", () => {
    const perms = computePermissions(catalog, policySet([allow(["rds:DeleteDBInstance", "rds:DescribeDBInstances", "rds:AddTagsToResource"], DB)]));
    const grants = perms.grants.map((g) => ({ action: catalog.names[g.actionIndex], cls: catalog.classes[g.actionIndex], resource: g.resource }));
    expect(grants).toEqual([{ action: "rds:DeleteDBInstance", cls: "D1", resource: DB }]);
    expect(perms.counts).toMatchObject({ D1: 1, R: 1, W: 1 });
  });

  it("drops grants on resources of another service, and narrows a grant to the boundary's scope", () => {
    const wrongService = computePermissions(catalog, policySet([allow("rds:DeleteDBInstance", BUCKET)]));
    expect(wrongService.grants).toEqual([]);
    const bounded = computePermissions(catalog, policySet([allow("s3:DeleteBucket")], [allow("s3:*", "arn:aws:s3:::scratch-*")]));
    expect(bounded.grants.map((g) => g.resource)).toEqual(["arn:aws:s3:::scratch-*"]);
  });

  it("removes a grant denied on its resource and marks a conditionally allowed one", () => {
    const denied = computePermissions(catalog, policySet([allow("s3:DeleteBucket", BUCKET), deny("s3:*", "arn:aws:s3:::prod-*")]));
    expect(denied.grants).toEqual([]);
    const conditional = computePermissions(catalog, policySet([allow("s3:DeleteBucket", BUCKET, { Condition: { IpAddress: { "aws:SourceIp": "10.0.0.0/8" } } })]));
    expect(conditional.grants).toEqual([expect.objectContaining({ resource: BUCKET, conditional: true })]);
  });
});

describe("computePermissions with NotResource", () => {
  it("reports a NotResource grant on every resource, with the exceptions", async () => {
    const catalog = await loadActionCatalog();
    const perms = computePermissions(catalog, policySet([{ Statement: [{ Effect: "Allow", Action: "s3:DeleteBucket", NotResource: "arn:aws:s3:::audit-logs" }] }]));
    expect(perms.grants).toEqual([expect.objectContaining({ resource: "*", except: ["arn:aws:s3:::audit-logs"], conditional: false })]);
  });
});

describe("computePermissions checks resource types", () => {
  it("a grant on a DB instance ARN does not grant deleting snapshots; wildcard-only actions need *", async () => {
    const catalog = await loadActionCatalog();
    const perms = computePermissions(catalog, policySet([allow(["rds:DeleteDBInstance", "rds:DeleteDBSnapshot"], DB)]));
    expect(perms.grants.map((g) => catalog.names[g.actionIndex])).toEqual(["rds:DeleteDBInstance"]);
    const broad = computePermissions(catalog, policySet([allow(["rds:DeleteDBSnapshot"], "arn:aws:rds:*:*:*")]));
    expect(broad.grants.map((g) => g.resource)).toEqual(["arn:aws:rds:*:*:*"]);
  });
});
