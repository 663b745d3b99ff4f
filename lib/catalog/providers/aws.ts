/**
 * AWS access keys. WHY: the key's IAM user and policies cannot be learned offline. Until the aws-iam
 * collector links the key id to its real user (a non-assumed authenticates_as on the same credential key,
 * after which reach ignores these assumed edges), the key is scored at the worst case: an administrator
 * who can delete buckets, databases and volumes, and the automated backups that die with an RDS instance.
 */
import type { ProviderCatalogEntry } from "@/lib/catalog/providers/types";
import { tokenVisibleResourceKey } from "@/lib/graph/keys";

export const awsCatalog: ProviderCatalogEntry = (cred, graph) => {
  // A key id without its secret authenticates nothing; the node alone lets the IAM collector name it.
  if (cred.kind === "access-key-id") return;
  const identity = graph.tokenOwner("aws", "AWS principal of this access key (unknown offline)");
  const account = graph.visible("aws", "account", "the AWS account of this key");
  const bucket = graph.visible("aws", "s3-bucket", "every S3 bucket this key can see");
  const database = graph.visible("aws", "rds-instance", "every RDS database this key can see");
  const volume = graph.visible("aws", "ebs-volume", "every EBS volume this key can see");
  const instance = graph.visible("aws", "ec2-instance", "every EC2 instance this key can see");
  for (const child of [bucket, database, volume, instance]) graph.contains(account, child);
  graph.recoveryInside(database, tokenVisibleResourceKey("aws", "rds-automated-backup", graph.credentialKey), "RDS automated backups", {
    provider: "aws",
    note: "automated backups are deleted with the instance unless retained at deletion",
  });
  graph.can(identity, bucket, [{ action: "s3:DeleteBucket", class: "D1" }, { action: "s3:DeleteObject", class: "D1" }, { action: "s3:PutBucketVersioning", class: "D2" }]);
  graph.can(identity, database, [{ action: "rds:DeleteDBInstance", class: "D1" }, { action: "rds:DeleteDBSnapshot", class: "D2" }]);
  graph.can(identity, volume, [{ action: "ec2:DeleteVolume", class: "D1" }, { action: "ec2:DeleteSnapshot", class: "D2" }]);
  graph.can(identity, instance, [{ action: "ec2:TerminateInstances", class: "D3" }]);
  graph.can(identity, account, [{ action: "iam:CreateAccessKey", class: "D4" }, { action: "iam:AttachUserPolicy", class: "D4" }]);
};
