/**
 * An agent working on one project that can read a credential kept elsewhere (the home folder, another
 * repository) holds power its task never needed; this is how the incident's agent found its token.
 */
import { readLocations, type AnalysisContext } from "@/lib/findings/context";
import type { FindingRule, FindingSeverity } from "@/lib/findings/types";

export const id = "credential-outside-task" as const;

export function isWithin(file: string, root: string): boolean {
  const base = root.replace(/[\\/]+$/, "");
  return file === base || file.startsWith(`${base}/`) || file.startsWith(`${base}\\`);
}

export function severity(canDestroy: boolean): FindingSeverity {
  return canDestroy ? "high" : "medium";
}

export const rule: FindingRule = {
  id,
  description: "An agent can read a credential that lies outside its workspace.",
  evaluate(ctx: AnalysisContext) {
    return ctx.agents().flatMap((agent) => {
      const root = typeof agent.props.workspaceRoot === "string" ? agent.props.workspaceRoot : "";
      if (!root) return [];
      return [...new Set(ctx.reach(agent.id).credentials)].flatMap((credId) => {
        const cred = ctx.node(credId);
        const locations = readLocations(cred.props);
        if (locations.length === 0 || locations.some((l) => isWithin(l.file, root))) return [];
        const canDestroy = ctx.canDestroy(credId);
        return [
          {
            rule: id,
            subject: cred,
            scope: agent.key,
            agentKeys: [agent.key],
            severity: severity(canDestroy),
            title: `${agent.name} can read ${cred.name}, kept outside its workspace ${root}`,
            evidence: {
              summary: `Found at ${locations.map((l) => l.file).join(", ")}; the agent works in ${root}.`,
              paths: [ctx.evidencePathTo(agent.id, credId, 0)],
              facts: { workspaceRoot: root, locations, canDestroy },
            },
            remediation: "Keep credentials the task does not need out of the agent's reach: narrow what it may read, or move the credential to a secret store.",
          },
        ];
      });
    });
  },
};
