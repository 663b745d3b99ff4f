/**
 * A deny rule on reading a file (".env") means nothing when the same agent has an unrestricted shell:
 * `cat .env` reads it anyway, so the team believes a secret is protected when it is not.
 */
import type { AnalysisContext } from "@/lib/findings/context";
import type { FindingRule, FindingSeverity } from "@/lib/findings/types";

export const id = "ineffective-deny" as const;

export function severity(readsCredentials: boolean): FindingSeverity {
  return readsCredentials ? "high" : "medium";
}

export const rule: FindingRule = {
  id,
  description: "A read-deny rule is undone by an unrestricted shell.",
  evaluate(ctx: AnalysisContext) {
    return ctx.agents().flatMap((agent) => {
      const denies = Array.isArray(agent.props.ineffectiveDenies) ? agent.props.ineffectiveDenies.filter((d): d is string => typeof d === "string") : [];
      if (denies.length === 0) return [];
      const credentials = ctx.reach(agent.id).credentials;
      return [
        {
          rule: id,
          subject: agent,
          agentKeys: [agent.key],
          severity: severity(credentials.length > 0),
          title: `${agent.name}: ${denies.length} deny rule${denies.length === 1 ? "" : "s"} bypassed by its shell (${denies.join(", ")})`,
          evidence: {
            summary: "The agent may run any shell command, so these read denies do not stop it reading the files.",
            paths: [],
            facts: { ineffectiveDenies: denies, unrestrictedShell: agent.props.unrestrictedShell ?? null, credentialsReadable: credentials.length },
          },
          remediation:
            "Deny the shell commands that read these files too (or restrict the shell to an allow-list), or move the secrets out of the workspace.",
        },
      ];
    });
  },
};
