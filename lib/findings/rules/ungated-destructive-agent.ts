/**
 * An agent that runs commands without asking (bypass / never / auto-approve) turns any destructive action
 * it can reach into one it can take on its own: nobody sees the call before it runs. Unless its shell and
 * MCP calls go through the Blastmap guard, which stops D1/D2 calls for approval whatever the mode says.
 */
import type { AnalysisContext } from "@/lib/findings/context";
import type { FindingRule, FindingSeverity } from "@/lib/findings/types";
import { guardCoversAllCalls, isUngated } from "@/lib/guard/enforcement";

export { isUngated };

export const id = "ungated-destructive-agent" as const;

export function severity(reachesD1: boolean): FindingSeverity {
  return reachesD1 ? "critical" : "high";
}

export const rule: FindingRule = {
  id,
  description: "An agent runs without approval and can reach D1 or D2 actions.",
  evaluate(ctx: AnalysisContext) {
    return ctx.agents().flatMap((agent) => {
      if (!isUngated(agent.props.approvalMode) || guardCoversAllCalls(agent.props)) return [];
      const reach = ctx.reach(agent.id);
      if (reach.d1Count + reach.d2Count === 0) return [];
      const reachesD1 = reach.d1Count > 0;
      const scan = ctx.destructiveRows(agent.id);
      const counts = ctx.destructionCounts(agent.id);
      const actions = counts.d1Actions + counts.d2Actions;
      return [
        {
          rule: id,
          subject: agent,
          agentKeys: [agent.key],
          severity: severity(reachesD1),
          title: `${agent.name} runs with approval "${String(agent.props.approvalMode)}" and can reach ${actions} D1/D2 actions`,
          evidence: {
            summary: "Destructive actions this agent could take without anyone approving them.",
            paths: scan.paths,
            facts: { approvalMode: agent.props.approvalMode, unrestrictedShell: agent.props.unrestrictedShell ?? null },
          },
          remediation:
            "Turn approval back on for shell and tool calls (ask mode), or take the destructive credentials out of the agent's reach before running it unattended.",
        },
      ];
    });
  },
};
