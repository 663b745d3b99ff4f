import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { silentContext } from "@/lib/collectors/types";
import { isAppError } from "@/lib/errors";
import { awsAccessKeyCredentialKey, awsAccountAdminKey, awsAccountKey, awsArnKey, awsServiceResourcesKey } from "@/lib/graph/keys";
import type { GraphBatch } from "@/lib/graph/types";
import { parseAccessKeys } from "./access-keys";
import { awsIamCollector } from "./index";

const FIXTURE = path.join(import.meta.dirname, "fixtures", "small-account.json");
const KEYS = path.join(import.meta.dirname, "fixtures", "access-keys.json");
const ctx = silentContext(Buffer.alloc(32, 2));
const dir = mkdtempSync(path.join(tmpdir(), "aws-iam-test-"));

function writeTemp(name: string, text: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

async function collectError(file: string): Promise<{ code: string; message: string }> {
  try {
    await awsIamCollector.collect({ file }, ctx);
  } catch (error) {
    if (!isAppError(error)) throw error;
    return { code: error.code, message: error.message };
  }
  throw new Error("expected an AppError");
}

const node = (batch: GraphBatch, key: string) => batch.nodes.find((n) => n.key === key);

describe("aws-iam collector on a small account", () => {
  it("keeps a boundary-capped self-escalation out of canEscalate but follows the role it can assume", async () => {
    const batch = await awsIamCollector.collect({ file: FIXTURE }, ctx);
    const deployer = node(batch, awsArnKey("arn:aws:iam::111122223333:user/deployer"));
    // iam:PutUserPolicy on itself is capped by dev-boundary, which grants nothing the user lacks;
    // assuming `ops` (trusted through the account root + its own sts:AssumeRole) gains RDS deletes.
    expect(deployer?.props).toMatchObject({ canEscalate: true, escalationMethods: ["sts:AssumeRole"], escalatesTo: ["ops"], permissionsBoundary: "arn:aws:iam::111122223333:policy/dev-boundary" });
    const selfEdge = batch.edges.find((e) => e.kind === "can_assume" && e.src.key === deployer?.key && e.dst.key === awsAccountAdminKey("111122223333"));
    expect(selfEdge?.props).toMatchObject({ escalation: true, method: "iam:PutUserPolicy", cappedByBoundary: ["arn:aws:iam::111122223333:policy/dev-boundary"] });
    expect(node(batch, awsArnKey("arn:aws:iam::111122223333:user/auditor"))?.props).toMatchObject({ canEscalate: false, isAdmin: false });
  });

  it("emits trust from the account root and from an external account (conditional on its ExternalId)", async () => {
    const batch = await awsIamCollector.collect({ file: FIXTURE }, ctx);
    const ops = awsArnKey("arn:aws:iam::111122223333:role/ops");
    const into = batch.edges.filter((e) => e.kind === "can_assume" && e.dst.key === ops);
    expect(into.map((e) => e.src.key).sort()).toEqual([awsAccountKey("999988887777"), awsArnKey("arn:aws:iam::111122223333:user/deployer")].sort());
    expect(into.find((e) => e.src.key === awsAccountKey("999988887777"))?.props).toMatchObject({ trust: "account", conditional: true });
    expect(node(batch, awsAccountKey("999988887777"))).toMatchObject({ kind: "identity", props: { type: "external-account" } });
  });

  it("emits destructive grants on the written resource, and a conditional D5 on the service aggregate", async () => {
    const batch = await awsIamCollector.collect({ file: FIXTURE }, ctx);
    const ops = awsArnKey("arn:aws:iam::111122223333:role/ops");
    const can = batch.edges.filter((e) => e.kind === "can" && e.src.key === ops);
    expect(can).toContainEqual({ kind: "can", src: { kind: "identity", key: ops }, dst: { kind: "resource", key: awsArnKey("arn:aws:rds:eu-west-1:111122223333:db:prod") }, props: { action: "rds:DeleteDBInstance", class: "D1" } });
    expect(can).toContainEqual({ kind: "can", src: { kind: "identity", key: ops }, dst: { kind: "resource", key: awsServiceResourcesKey("111122223333", "ses") }, props: { action: "ses:SendEmail", class: "D5", conditional: true } });
    // The group's s3:* is in the member's effective grants, and on the group (what joining it gives).
    const deployer = awsArnKey("arn:aws:iam::111122223333:user/deployer");
    expect(batch.edges.some((e) => e.kind === "can" && e.src.key === deployer && e.props?.action === "s3:DeleteBucket")).toBe(true);
    expect(batch.edges.some((e) => e.kind === "can" && e.src.key === awsArnKey("arn:aws:iam::111122223333:group/devs") && e.props?.action === "s3:DeleteBucket")).toBe(true);
  });

  it("warns about unknown policy elements with their JSON path", async () => {
    const batch = await awsIamCollector.collect({ file: FIXTURE }, ctx);
    expect(batch.warnings).toContainEqual({
      code: "aws-iam:unknown-policy-element",
      message: 'unknown statement element "Comment" ignored',
      location: { file: FIXTURE, path: "GroupDetailList[0].GroupPolicyList[0].PolicyDocument.Statement[0].Comment" },
    });
  });

  it("links access keys to their users, and warns about keys of unknown users", async () => {
    const batch = await awsIamCollector.collect({ file: FIXTURE, accessKeysFile: KEYS }, ctx);
    const key = awsAccessKeyCredentialKey("AKIAEXAMPLEDEPLOYER1");
    expect(node(batch, key)).toMatchObject({ kind: "credential", ref: true });
    expect(batch.edges).toContainEqual({ kind: "authenticates_as", src: { kind: "credential", key }, dst: { kind: "identity", key: awsArnKey("arn:aws:iam::111122223333:user/deployer") }, props: { status: "Active" } });
    expect(batch.edges.some((e) => e.kind === "authenticates_as" && e.src.key === awsAccessKeyCredentialKey("AKIAEXAMPLEAUDITOR01"))).toBe(true);
    expect((batch.warnings ?? []).map((w) => w.code)).toContain("aws-iam:unknown-key-user");
  });

  it("accepts a map user → key ids as the access-keys file", () => {
    expect(parseAccessKeys({ alice: ["AKIAEXAMPLEALICE0001"], bob: [{ AccessKeyId: "AKIAEXAMPLEBOB000001", Status: "Active" }] }, "keys.json")).toEqual([
      { userName: "alice", accessKeyId: "AKIAEXAMPLEALICE0001" },
      { userName: "bob", accessKeyId: "AKIAEXAMPLEBOB000001", status: "Active", createDate: undefined },
    ]);
  });
});

describe("aws-iam collector on bad input", () => {
  const text = readFileSync(FIXTURE, "utf8");

  it("names line and column of a truncated export", async () => {
    const file = writeTemp("truncated.json", text.slice(0, Math.floor(text.length * 0.6)));
    const error = await collectError(file);
    expect(error.code).toBe("bad_request:input");
    expect(error.message).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:\\d+:\\d+: the JSON ends early`));
  });

  it("names line and column of a syntax error", async () => {
    const file = writeTemp("malformed.json", '{\n  "UserDetailList": [\n    { "UserName": "a", }\n  ]\n}\n');
    const error = await collectError(file);
    expect(error.code).toBe("bad_request:input");
    expect(error.message).toMatch(/malformed\.json:3:\d+: invalid JSON/);
  });

  it("names the JSON path of a missing required field", async () => {
    const file = writeTemp("missing-arn.json", JSON.stringify({ UserDetailList: [{ UserName: "a", Arn: "arn:aws:iam::1:user/a" }, { UserName: "b" }] }));
    const error = await collectError(file);
    expect(error.message).toContain("UserDetailList[1].Arn");
  });

  it("rejects JSON that is not an authorization-details export", async () => {
    const file = writeTemp("other.json", JSON.stringify({ Buckets: [] }));
    expect((await collectError(file)).message).toContain("not an authorization-details export");
    const list = writeTemp("list.json", "[]");
    expect((await collectError(list)).message).toContain("(root)");
  });

  it("names the JSON path of a malformed policy statement", async () => {
    const data = JSON.parse(text);
    data.Policies[1].PolicyVersionList[0].Document.Statement[0].Action = ["s3:Get*", 42];
    const file = writeTemp("bad-action.json", JSON.stringify(data));
    expect((await collectError(file)).message).toContain("Policies[1].PolicyVersionList[0].Document.Statement[0].Action[1]");
  });

  it("warns about an invalid Effect and ignores that statement", async () => {
    const data = JSON.parse(text);
    data.Policies[2].PolicyVersionList[0].Document.Statement[0].Effect = "Permit";
    const file = writeTemp("bad-effect.json", JSON.stringify(data));
    const batch = await awsIamCollector.collect({ file }, ctx);
    expect(batch.warnings).toContainEqual(expect.objectContaining({ code: "aws-iam:bad-effect", location: { file, path: "Policies[2].PolicyVersionList[0].Document.Statement[0].Effect" } }));
    const ops = awsArnKey("arn:aws:iam::111122223333:role/ops");
    expect(batch.edges.some((e) => e.kind === "can" && e.src.key === ops && e.props?.action === "rds:DeleteDBInstance")).toBe(false);
  });

  it("warns about an action name that matches no IAM action (a typo grants nothing)", async () => {
    const data = JSON.parse(text);
    data.UserDetailList[0].UserPolicyList[0].PolicyDocument.Statement[1].Action = ["sts:AssumeRole", "sts:AsumeRole"];
    const file = writeTemp("typo.json", JSON.stringify(data));
    const batch = await awsIamCollector.collect({ file }, ctx);
    expect(batch.warnings).toContainEqual({
      code: "aws-iam:unknown-action",
      message: '"sts:AsumeRole" matches no IAM action in the catalogue; it grants nothing',
      location: { file, path: "UserDetailList[0].UserPolicyList[0].PolicyDocument.Statement[1].Action[1]" },
    });
  });

  it("says which file could not be read", async () => {
    const error = await collectError(path.join(dir, "nope.json"));
    expect(error.message).toMatch(/nope\.json: cannot read the file \(ENOENT\)/);
  });
});
