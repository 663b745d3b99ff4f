import { describe, expect, it } from "vitest";
import { classifyAwsAction, splitAccessLevel } from "./aws-actions";

describe("splitAccessLevel", () => {
  it("splits iam-data's compound access level", () => {
    expect(splitAccessLevel("Permissions management, Write")).toEqual(["Permissions management", "Write"]);
    expect(splitAccessLevel("Read")).toEqual(["Read"]);
  });
});

describe("classifyAwsAction", () => {
  it.each([
    ["rds", "DeleteDBInstance", "Write", "D1"],
    ["s3", "DeleteBucket", "Write", "D1"],
    ["ec2", "DeleteVolume", "Write", "D1"],
    ["rds", "DeleteDBSnapshot", "Write", "D2"],
    ["backup", "DeleteRecoveryPoint", "Write", "D2"],
    ["s3", "PutBucketVersioning", "Write", "D2"],
    ["s3", "PutLifecycleConfiguration", "Write", "D2"],
    ["kms", "ScheduleKeyDeletion", "Write", "D2"],
    ["ec2", "TerminateInstances", "Write", "D3"],
    ["lambda", "DeleteFunction", "Write", "D3"],
    ["iam", "CreateAccessKey", "Write", "D4"],
    ["iam", "AttachUserPolicy", "Permissions management, Write", "D4"],
    ["s3", "PutBucketPolicy", "Permissions management, Write", "D4"],
    ["ses", "SendEmail", "Write", "D5"],
    ["rds", "CreateDBInstance", "Write", "W"],
    ["s3", "DeleteObjectTagging", "Tagging, Write", "W"],
    ["cloudwatch", "DeleteAlarms", "Write", "W"],
    ["rds", "DescribeDBInstances", "Read", "R"],
    ["s3", "ListBucket", "List", "R"],
  ])("%s:%s (%s) → %s", (service, action, level, expected) => {
    expect(classifyAwsAction(service, action, level)).toBe(expected);
  });
});
