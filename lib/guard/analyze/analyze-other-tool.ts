/**
 * A tool that is neither a shell nor a recognised MCP call: the agents' own file and web tools (Read, Edit,
 * write_file, view…) pass, and a tool the guard does not know whose name says it destroys something
 * (`drop_database`, `delete_project`) is decided as an operation the catalogue does not list. WHY: an
 * unknown tool must not be allowed just because the guard cannot place it (issue 13, bad input).
 */
import { guardFileToolWrites, type GuardFilesContext } from "@/lib/guard/analyze/guard-files";
import { classifyUnlistedOperation } from "@/lib/guard/analyze/unlisted-operation";
import type { CallAnalysis } from "@/lib/guard/types";

export function analyzeOtherTool(tool: string, input: Record<string, unknown>, ctx: GuardFilesContext): CallAnalysis {
  const analysis: CallAnalysis = { operations: [], unknown: [], inReach: [], faults: [] };
  // An edit of the guard's own policy or hooks (self-tamper) is decided before anything else.
  analysis.operations.push(...guardFileToolWrites(tool, input, ctx));
  if (analysis.operations.length > 0) return analysis;
  const name = tool.slice(0, 80);
  const cls = classifyUnlistedOperation([name]);
  if (cls !== "R" && cls !== "W") {
    analysis.operations.push({ provider: "unknown", action: name, class: cls, catalogued: false, via: `the ${name} tool`, credentials: [] });
  }
  return analysis;
}
