/**
 * Every agent discoverer, in one list. Adding an agent kind means adding its discoverer here.
 */
import { discoverClaudeCode } from "./agents/claude-code";
import { discoverClaudeDesktop } from "./agents/claude-desktop";
import type { DiscoverContext } from "./agents/context";
import { discoverCodex } from "./agents/codex";
import { discoverCursor } from "./agents/cursor";
import { discoverGithubActions } from "./agents/github-actions";
import { discoverContinue, discoverGemini, discoverWindsurf } from "./agents/ide-user-level";
import { discoverVsCode } from "./agents/vscode";
import type { AgentSpec } from "./types";
import { loadBashParser } from "@/lib/guard/shell/parse-bash";

const DISCOVERERS: ((ctx: DiscoverContext) => Promise<AgentSpec[]>)[] = [
  discoverClaudeCode,
  discoverClaudeDesktop,
  discoverCursor,
  discoverVsCode,
  discoverCodex,
  discoverWindsurf,
  discoverGemini,
  discoverContinue,
  discoverGithubActions,
];

export async function discoverAgents(ctx: DiscoverContext): Promise<AgentSpec[]> {
  // Hook commands, credential helpers and permission rules are read as shell, synchronously, inside the
  // discoverers: the parser is loaded once here (tree-sitter-bash, shared with the guard).
  await loadBashParser();
  const found: AgentSpec[] = [];
  // One discoverer at a time: each is quick, and a stable order keeps batches diffable.
  for (const discover of DISCOVERERS) found.push(...(await discover(ctx)));
  return found;
}
