/**
 * Every finding rule, in one array. Adding a rule id to RULE_IDS without listing it here fails the
 * registry test; the order here is the order findings are produced.
 */
import { rule as backupInBlastRadius } from "@/lib/findings/rules/backup-in-blast-radius";
import { rule as credentialOutsideTask } from "@/lib/findings/rules/credential-outside-task";
import { rule as destructiveReach } from "@/lib/findings/rules/destructive-reach";
import { rule as dormantCredential } from "@/lib/findings/rules/dormant-credential";
import { rule as ineffectiveDeny } from "@/lib/findings/rules/ineffective-deny";
import { rule as longLivedCredential } from "@/lib/findings/rules/long-lived-credential";
import { rule as noIndependentRecovery } from "@/lib/findings/rules/no-independent-recovery";
import { rule as overScopedCredential } from "@/lib/findings/rules/over-scoped-credential";
import { rule as privilegeEscalation } from "@/lib/findings/rules/privilege-escalation";
import { rule as sharedCredential } from "@/lib/findings/rules/shared-credential";
import { rule as ungatedDestructiveAgent } from "@/lib/findings/rules/ungated-destructive-agent";
import type { FindingRule } from "@/lib/findings/types";

export const FINDING_RULES: readonly FindingRule[] = [
  destructiveReach,
  ungatedDestructiveAgent,
  backupInBlastRadius,
  noIndependentRecovery,
  overScopedCredential,
  credentialOutsideTask,
  sharedCredential,
  dormantCredential,
  longLivedCredential,
  ineffectiveDeny,
  privilegeEscalation,
];
