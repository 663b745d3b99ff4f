/**
 * An agent that can reach a D1 or D2 action can destroy data or the means to recover it with one call,
 * whether or not its task needs it: this is the incident's shape, found before it happens.
 */
import type { AnalysisContext, ReachSummary } from "@/lib/findings/context";
import type { FindingRule, FindingSeverity } from "@/lib/findings/types";
import type { ActionClass } from "@/lib/graph/types";

export const id = "destructive-reach" as const;

/** The classes this rule (and ungated-destructive-agent) report. */
export const DESTROYING: readonly ActionClass[] = ["D1", "D2"];

/** D1 that takes other things with it (backups, tables) is critical; other D1 high; D2 only medium. */
export function severity(reach: Pick<ReachSummary, "d1Count" | "d1TakesMore">): FindingSeverity {
  if (reach.d1TakesMore) return "critical";
  if (reach.d1Count > 0) return "high";
  return "medium";
}

export const rule: FindingRule = {
  id,
  description: "An agent can reach an action that destroys data (D1) or its recovery (D2).",
  evaluate(ctx: AnalysisContext) {
    return ctx.agents().flatMap((agent) => {
      const reach = ctx.reach(agent.id);
      // Counted by the counting rule (lib/graph/reach/counting-rule.ts), as the pages count them.
      if (reach.d1Count + reach.d2Count === 0) return [];
      const counts = ctx.destructionCounts(agent.id);
      const actions = counts.d1Actions + counts.d2Actions;
      const scan = ctx.destructiveRows(agent.id);
      const resources = counts.atRisk;
      return [
        {
          rule: id,
          subject: agent,
          agentKeys: [agent.key],
          severity: severity(reach),
          title: `${agent.name} can destroy ${resources} resource${resources === 1 ? "" : "s"} or cop${resources === 1 ? "y" : "ies"} (${actions} D1/D2 actions)`,
          evidence: {
            summary: `${actions} D1/D2 actions reachable, what dies with a destroyed resource included; the worst paths are shown.`,
            paths: scan.paths,
            facts: {
              d1Actions: counts.d1Actions,
              d2Actions: counts.d2Actions,
              d1Resources: counts.d1Resources,
              d2Resources: counts.d2Resources,
              resourcesAtRisk: resources,
            },
          },
          remediation:
            "Remove the credentials this agent does not need from what it can read (files, MCP and agent config), " +
            "or replace them with tokens scoped to the task; require approval for destructive commands.",
        },
      ];
    });
  },
};
