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
  /**
   * Where install records the folders it created (`<dir>/installed-folders.json`, the guard's own folder in
   * the CLI), so uninstall can take away exactly those it leaves empty. Without it no folder is removed.
   */
  stateDir?: string;
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
  const created = writeText(config.file, after);
  if (created && target.stateDir) recordCreatedFolders(target.stateDir, created, path.dirname(config.file));
  return { file: config.file, status: before === null ? "created" : "updated" };
}

export interface UninstallOutcome {
  file: string;
  /** Hook entries taken out. */
  removed: number;
  /** The file held nothing else, so it was deleted. */
  deleted: boolean;
  /** Folders install had created and the deletion left empty, removed too (deepest first). */
  removedFolders: string[];
}

export async function uninstallGuard(target: Omit<InstallTarget, "command">): Promise<UninstallOutcome> {
  await loadBashParser();
  const config = agentHookConfig(target.agent, target.scope, target.root, "");
  const before = readText(config.file);
  if (before === null) return { file: config.file, removed: 0, deleted: false, removedFolders: [] };
  const result = config.format === "json" ? removeGuardHooks(before, config.spec, config.file) : removeCodexHook(before, config.file);
  if (result.removed === 0) return { file: config.file, removed: 0, deleted: false, removedFolders: [] };
  if (result.text === null) {
    fs.rmSync(config.file);
    const removedFolders = target.stateDir ? removeCreatedFolders(target.stateDir, path.dirname(config.file)) : [];
    return { file: config.file, removed: result.removed, deleted: true, removedFolders };
  }
  writeText(config.file, result.text);
  return { file: config.file, removed: result.removed, deleted: false, removedFolders: [] };
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
function writeText(link: string, text: string): string | undefined {
  const file = fs.existsSync(link) ? fs.realpathSync(link) : link;
  try {
    // The first folder mkdir had to create, if any: install records it (recordCreatedFolders).
    const created = fs.mkdirSync(path.dirname(file), { recursive: true });
    const mode = fs.existsSync(file) ? fs.statSync(file).mode & 0o777 : 0o644;
    const tmp = `${file}.blastmap-${process.pid}.tmp`;
    fs.writeFileSync(tmp, text, { mode });
    fs.renameSync(tmp, file);
    return created;
  } catch (error) {
    throw new AppError("bad_request:config", `cannot write ${file} (${(error as NodeJS.ErrnoException).code ?? "error"})`, { cause: error });
  }
}

const FOLDERS_FILE = "installed-folders.json";

function readCreatedFolders(stateDir: string): string[] {
  try {
    const value: unknown = JSON.parse(fs.readFileSync(path.join(stateDir, FOLDERS_FILE), "utf8"));
    return Array.isArray(value) ? value.filter((item): item is string => typeof item === "string" && path.isAbsolute(item)) : [];
  } catch {
    return [];
  }
}

function writeCreatedFolders(stateDir: string, folders: string[]): void {
  fs.mkdirSync(stateDir, { recursive: true, mode: 0o700 });
  fs.writeFileSync(path.join(stateDir, FOLDERS_FILE), `${JSON.stringify([...new Set(folders)].sort(), null, 2)}\n`);
}

/** `first` (what mkdir created first) and every folder below it down to `leaf`: all new. */
function recordCreatedFolders(stateDir: string, first: string, leaf: string): void {
  const created: string[] = [];
  for (let dir = path.resolve(leaf); ; dir = path.dirname(dir)) {
    created.push(dir);
    if (dir === path.resolve(first) || path.dirname(dir) === dir) break;
  }
  writeCreatedFolders(stateDir, [...readCreatedFolders(stateDir), ...created]);
}

/**
 * Removes `leaf` and its parents while install created them and they are empty; a folder that holds anything
 * (the team's own files, another agent's config) stays. rmdir refuses a non-empty folder, so nothing but an
 * empty folder can ever go.
 */
function removeCreatedFolders(stateDir: string, leaf: string): string[] {
  const recorded = readCreatedFolders(stateDir);
  const removed: string[] = [];
  for (let dir = path.resolve(leaf); recorded.includes(dir); dir = path.dirname(dir)) {
    try {
      fs.rmdirSync(dir);
    } catch {
      break;
    }
    removed.push(dir);
  }
  if (removed.length > 0) writeCreatedFolders(stateDir, recorded.filter((dir) => !removed.includes(dir)));
  return removed;
}
