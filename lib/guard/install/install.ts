/**
 * `blastmap guard install` / `uninstall`: put the guard's hook into an agent's own config file, merged with
 * what is there, or take out exactly what install put in. Nothing is written when nothing changes, and a
 * file that cannot be parsed is left as it is, with the reason.
 */
import fs from "node:fs";
import path from "node:path";
import { AppError } from "@/lib/errors";
import { agentHookConfig, type InstallScope } from "@/lib/guard/install/agent-configs";
import { addGuardHooks, removeGuardHooks } from "@/lib/guard/install/json-hooks";
import { loadBashParser } from "@/lib/guard/shell/parse-bash";
import { addCodexHook, removeCodexHook } from "@/lib/guard/install/toml-hooks";
import type { GuardAgent } from "@/lib/guard/types";

export interface InstallTarget {
  agent: GuardAgent;
  scope: InstallScope;
  /** Project folder (project scope) or home folder (user scope). */
  root: string;
  /** The hook command line (guardHookCommand). */
  command: string;
}

export interface InstallOutcome {
  file: string;
  /** "created" a new file, "updated" one, or found it "unchanged" (already installed). */
  status: "created" | "updated" | "unchanged";
}

export async function installGuard(target: InstallTarget): Promise<InstallOutcome> {
  // The guard's own entries are found by parsing each hook's command as shell.
  await loadBashParser();
  const config = agentHookConfig(target.agent, target.scope, target.root, target.command);
  const before = readText(config.file);
  const after =
    config.format === "json" ? addGuardHooks(before ?? "", config.spec, config.file) : addCodexHook(before ?? "", target.command, config.file);
  if (after === before) return { file: config.file, status: "unchanged" };
  writeText(config.file, after);
  return { file: config.file, status: before === null ? "created" : "updated" };
}

export interface UninstallOutcome {
  file: string;
  /** Hook entries taken out. */
  removed: number;
  /** The file held nothing else, so it was deleted. */
  deleted: boolean;
}

export async function uninstallGuard(target: Omit<InstallTarget, "command">): Promise<UninstallOutcome> {
  await loadBashParser();
  const config = agentHookConfig(target.agent, target.scope, target.root, "");
  const before = readText(config.file);
  if (before === null) return { file: config.file, removed: 0, deleted: false };
  const result = config.format === "json" ? removeGuardHooks(before, config.spec, config.file) : removeCodexHook(before, config.file);
  if (result.removed === 0) return { file: config.file, removed: 0, deleted: false };
  if (result.text === null) {
    fs.rmSync(config.file);
    return { file: config.file, removed: result.removed, deleted: true };
  }
  writeText(config.file, result.text);
  return { file: config.file, removed: result.removed, deleted: false };
}

function readText(file: string): string | null {
  try {
    return fs.readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw new AppError("bad_request:config", `cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? "error"})`, { cause: error });
  }
}

/**
 * Through a temporary file and a rename, keeping the file's mode: an agent never reads half a config. A
 * symlinked config (dotfiles) is written where the link points, so the link stays.
 */
function writeText(link: string, text: string): void {
  const file = fs.existsSync(link) ? fs.realpathSync(link) : link;
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const mode = fs.existsSync(file) ? fs.statSync(file).mode & 0o777 : 0o644;
    const tmp = `${file}.blastmap-${process.pid}.tmp`;
    fs.writeFileSync(tmp, text, { mode });
    fs.renameSync(tmp, file);
  } catch (error) {
    throw new AppError("bad_request:config", `cannot write ${file} (${(error as NodeJS.ErrnoException).code ?? "error"})`, { cause: error });
  }
}
