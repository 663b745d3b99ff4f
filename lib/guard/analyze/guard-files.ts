/**
 * The guard's own files: its policy, snapshot, key and log, and the agent hook configs that run it. An
 * agent that may write them can allow itself anything: write `.blastmap/guard-policy.json` with an allow
 * rule, then run the call it was refused (the self-tamper bypass other guards report). So a write to one of
 * them, by a file tool or by the shell (`>`, `tee`, `cp`, `mv`, `sed -i`, `rm`…), is an operation of its
 * own: class D4, a change of who may do what, asked of a person like any other escalation.
 */
import path from "node:path";
import type { Operation } from "@/lib/guard/types";

export interface GuardFilesContext {
  cwd: string;
  workspaceRoots: string[];
  env: Record<string, string | undefined>;
}

/** Paths, relative to a workspace root or to the home folder, whose change changes the guard. */
const IN_WORKSPACE = [".blastmap/", ".claude/settings.json", ".claude/settings.local.json", ".cursor/hooks.json", ".gemini/settings.json", ".codex/config.toml", ".github/hooks/", ".windsurf/hooks.json"];
const IN_HOME = [".blastmap/", ".claude/settings.json", ".cursor/hooks.json", ".gemini/settings.json", ".codex/config.toml", ".codeium/windsurf/hooks.json"];
const SYSTEM = ["/etc/claude-code/", "/etc/cursor/", "/etc/windsurf/", "/etc/gemini-cli/", "/etc/codex/", "/Library/Application Support/ClaudeCode/", "/Library/Application Support/Windsurf/"];

function under(file: string, base: string, rel: string): boolean {
  const target = path.join(base, rel);
  return rel.endsWith("/") ? file === target.slice(0, -1) || file.startsWith(target) : file === target;
}

/** Whether `file` (any form) is one of the guard's files; the absolute path when it is. */
export function guardFileOf(file: string, ctx: GuardFilesContext): string | undefined {
  const home = ctx.env.HOME;
  const expanded = home && (file === "~" || file.startsWith("~/")) ? path.join(home, file.slice(1)) : file;
  const absolute = path.resolve(ctx.cwd, expanded);
  const roots = [...new Set([...ctx.workspaceRoots, ctx.cwd])];
  if (roots.some((root) => IN_WORKSPACE.some((rel) => under(absolute, root, rel)))) return absolute;
  if (home && IN_HOME.some((rel) => under(absolute, home, rel))) return absolute;
  if (SYSTEM.some((dir) => absolute.startsWith(dir))) return absolute;
  for (const name of ["BLASTMAP_GUARD_POLICY", "BLASTMAP_GUARD_SNAPSHOT", "BLASTMAP_GUARD_LOG"]) {
    const set = ctx.env[name];
    if (set && (absolute === path.resolve(ctx.cwd, set) || (name === "BLASTMAP_GUARD_SNAPSHOT" && absolute.startsWith(`${path.dirname(path.resolve(ctx.cwd, set))}${path.sep}`)))) return absolute;
  }
  return undefined;
}

/** The operation for a write to one of the guard's files. */
export function guardFileWrite(file: string, how: string): Operation {
  return { provider: "guard", action: "change the guard's own policy or hooks", class: "D4", catalogued: false, target: file, via: how, credentials: [] };
}

/** File tools across agents and the argument that names the file they write. */
const FILE_TOOLS = /^(?:write|edit|multiedit|notebookedit|write_file|replace|create|edit_file|str_replace|str_replace_editor|str_replace_based_edit_tool|search_replace|delete_file|delete|apply_patch|write_code)$/i;

/** A file tool's call that writes one of the guard's files, as operations. */
export function guardFileToolWrites(tool: string, input: Record<string, unknown>, ctx: GuardFilesContext): Operation[] {
  if (!FILE_TOOLS.test(tool)) return [];
  const files: string[] = [];
  for (const key of ["file_path", "path", "notebook_path", "absolute_path", "target_file", "filePath"]) {
    const v = input[key];
    if (typeof v === "string") files.push(v);
  }
  // Codex apply_patch: "*** Update File: path" lines in the patch text.
  for (const v of Object.values(input)) {
    if (typeof v !== "string") continue;
    for (const m of v.matchAll(/^\*\*\* (?:Add|Update|Delete) File: (.+)$/gm)) files.push(m[1].trim());
    for (const m of v.matchAll(/^\*\*\* Move to: (.+)$/gm)) files.push(m[1].trim());
  }
  const ops: Operation[] = [];
  for (const f of new Set(files)) {
    const hit = guardFileOf(f, ctx);
    if (hit) ops.push(guardFileWrite(hit, `the ${tool.slice(0, 40)} tool`));
  }
  return ops;
}
