/**
 * The `aws-iam` collector: effective permissions of every user and role in an AWS account, read from the
 * output of `aws iam get-account-authorization-details` (offline; live mode through the SDK is not built).
 * Evaluation is per principal over all its policies at once, so escalation routes that need two policies,
 * a group, a boundary or a chain of role assumptions are found — see map.ts for what the batch contains.
 */
import { z } from "zod";
import type { Collector } from "@/lib/collectors/types";
import { parseAccessKeys } from "./access-keys";
import { loadActionCatalog } from "./action-catalog";
import { parseAuthorizationDetails } from "./export-schema";
import { analyzeAuthorizationDetails } from "./map";
import { readJsonFile } from "./read";

export const awsIamConfigSchema = z.object({
  /** Path to the JSON printed by `aws iam get-account-authorization-details`. */
  file: z.string().min(1),
  /** Optional: `aws iam list-access-keys` output(s) or a map user → keys (see access-keys.ts). */
  accessKeysFile: z.string().min(1).optional(),
});
export type AwsIamConfig = z.infer<typeof awsIamConfigSchema>;

export const awsIamCollector: Collector<AwsIamConfig> = {
  name: "aws-iam",
  description: "AWS IAM users, roles and groups, their effective destructive permissions and privilege-escalation paths, from an authorization-details export",
  configSchema: awsIamConfigSchema,
  async collect(config, ctx) {
    ctx.progress({ phase: "reading export" });
    const details = parseAuthorizationDetails(await readJsonFile(config.file), config.file);
    const accessKeys = config.accessKeysFile ? parseAccessKeys(await readJsonFile(config.accessKeysFile), config.accessKeysFile) : undefined;
    ctx.signal?.throwIfAborted();
    ctx.progress({ phase: "loading IAM action catalogue" });
    const catalog = await loadActionCatalog();
    ctx.signal?.throwIfAborted();
    ctx.progress({ phase: "evaluating permissions" });
    return analyzeAuthorizationDetails(details, catalog, { file: config.file, now: Date.now(), accessKeys, accessKeysFile: config.accessKeysFile }).batch;
  },
};

export { analyzeAuthorizationDetails, type IamAnalysis, type PrincipalVerdict } from "./map";
export { evaluateRequest, evaluateOnSomeResource, type Decision, type PolicySet } from "./evaluate";
export { loadActionCatalog, type ActionCatalog } from "./action-catalog";
export { parseAuthorizationDetails } from "./export-schema";
export { parseAccessKeys, type AccessKeyRecord } from "./access-keys";
