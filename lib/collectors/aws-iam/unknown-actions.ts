import type { CollectorWarning } from "@/lib/graph/types";
import { expandActionPattern, type ActionCatalog } from "./action-catalog";
import type { PolicyStatement } from "./policy-document";
import type { IamModel } from "./principals";

/**
 * Action names in customer-written policies that match no real action: a typo grants nothing, and a
 * reviewer should know. AWS-managed policies are skipped (they may name actions the catalogue dropped).
 */
export function warnUnknownActions(model: IamModel, catalog: ActionCatalog, file: string, warnings: CollectorWarning[]): void {
  const awsManaged = new Set<PolicyStatement>();
  for (const policy of model.managedPolicies.values()) if (policy.awsManaged) for (const s of policy.statements) awsManaged.add(s);
  const seen = new Set<PolicyStatement>();
  const check = (s: PolicyStatement) => {
    if (seen.has(s) || awsManaged.has(s)) return;
    seen.add(s);
    const patterns = s.actions ?? s.notActions ?? [];
    patterns.forEach((pattern, i) => {
      if (expandActionPattern(catalog, pattern).length > 0) return;
      const field = s.actions ? "Action" : "NotAction";
      warnings.push({
        code: "aws-iam:unknown-action",
        message: `"${pattern}" matches no IAM action in the catalogue; it grants nothing`,
        location: { file, path: `${s.location}.${field}${patterns.length > 1 ? `[${i}]` : ""}` },
      });
    });
  };
  for (const policy of model.managedPolicies.values()) policy.statements.forEach(check);
  for (const p of model.principals) p.policySet.identity.forEach(check);
}
