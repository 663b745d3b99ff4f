/**
 * An agent that can reach a D1 or D2 action can destroy data or the means to recover it with one call,
 * whether or not its task needs it: this is the incident's shape, found before it happens.
 */
import type { AnalysisContext } from "@/lib/findings/context";
import type { FindingRule, FindingSeverity } from "@/lib/findings/types";
import type { RawReachRow } from "@/lib/graph/reach";

export const id = "destructive-reach" as const;

const isDestructive = (row: RawReachRow) => row.class === "D1" || row.class === "D2";

/** D1 that takes other things with it (backups, tables) is critical; other D1 high; D2 only medium. */
export function severity(rows: RawReachRow[]): FindingSeverity {
  if (rows.some((r) => r.class === "D1" && (r.holds > 0 || r.via !== null))) return "critical";
  if (rows.some((r) => r.class === "D1")) return "high";
  return "medium";
}

export const rule: FindingRule = {
  id,
  description: "An agent can reach an action that destroys data (D1) or its recovery (D2).",
  evaluate(ctx: AnalysisContext) {
    return ctx.agents().flatMap((agent) => {
      const rows = ctx.reach(agent.id).rows.filter(isDestructive);
      if (rows.length === 0) return [];
      const d1 = rows.filter((r) => r.class === "D1").length;
      const resources = new Set(rows.map((r) => r.resource)).size;
      return [
        {
          rule: id,
          subject: agent,
          agentKeys: [agent.key],
          severity: severity(rows),
          title: `${agent.name} can destroy ${resources} resource${resources === 1 ? "" : "s"} (${d1} D1, ${rows.length - d1} D2 actions)`,
          evidence: {
            summary: `${rows.length} destructive actions reachable; the worst paths are shown.`,
            paths: ctx.evidenceRows(agent.id, 0, isDestructive),
            facts: { d1, d2: rows.length - d1, resources, assumed: rows.filter((r) => r.assumed).length },
          },
          remediation:
            "Remove the credentials this agent does not need from what it can read (files, MCP and agent config), " +
            "or replace them with tokens scoped to the task; require approval for destructive commands.",
        },
      ];
    });
  },
};
