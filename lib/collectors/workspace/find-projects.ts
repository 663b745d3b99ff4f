/**
 * A root given to the collector (`--root ~/code`, a CI runner's workspace) is walked for projects: every
 * folder holding an agent's project config becomes a workspace of its own. The walk stays inside budgets
 * (depth, folder entries read) and says where one stopped it; it never enters dependency, build or VCS
 * folders, never follows a symbolic link, and never takes the home folder's user-level configs (~/.claude,
 * ~/.cursor, …) for a project.
 */
import path from "node:path";
import type { CollectorWarning } from "@/lib/graph/types";
import { readWorkflow } from "./agents/github-actions";
import type { ConfigLoader, DirEntry } from "./read";

export const DEFAULT_MAX_DEPTH = 6;
export const DEFAULT_MAX_ENTRIES = 500_000;
/** Folders that hold dependencies, builds or tool state, never projects of their own. */
export const WALK_SKIPPED_DIRS: readonly string[] = [
  "node_modules",
  "vendor",
  "bower_components",
  "venv",
  "__pycache__",
  "site-packages",
  "target",
  "dist",
  "build",
  "out",
  "coverage",
  "Pods",
  "DerivedData",
  "Library",
];
/** Folders read in parallel: enough to hide the latency of one readdir, few enough for a laptop's disk. */
const CONCURRENCY = 32;

/** Folder names whose presence makes a project (workflows only when one runs an AI agent). */
const DIR_MARKERS = new Set([".claude", ".cursor", ".codex", ".gemini", ".windsurf", ".continue"]);
const FILE_MARKERS = new Set([".mcp.json"]);

export interface WalkOptions {
  home?: string;
  skipDirs?: string[];
  maxDepth?: number;
  maxEntries?: number;
}

export interface ProjectWalk {
  /** Every project folder, roots first, in walk order. */
  projects: string[];
  /** Files named like agent configs that are not in a project's known places (a committed claude_desktop_config.json). */
  strayConfigs: string[];
  /** Folder entries read. */
  entriesRead: number;
  warnings: CollectorWarning[];
}

/** Config files by name, wherever they are: an agent working in that folder can read the secrets in them. */
const STRAY_CONFIG_NAMES = new Set(["claude_desktop_config.json", "mcp_config.json", "cline_mcp_settings.json", "mcp.json", "mcp_settings.json"]);

async function hasAgentWorkflow(dir: string, loader: ConfigLoader): Promise<boolean> {
  const workflows = path.join(dir, ".github", "workflows");
  for (const name of await loader.list(workflows)) {
    if (!/\.ya?ml$/i.test(name)) continue;
    const config = await loader.load(path.join(workflows, name), "yaml");
    if (config && (readWorkflow(config, dir).extra.aiActions as string[]).length > 0) return true;
  }
  return false;
}

async function isProject(dir: string, entries: DirEntry[], loader: ConfigLoader): Promise<boolean> {
  for (const entry of entries) {
    if (entry.kind === "dir" && DIR_MARKERS.has(entry.name)) return true;
    if (entry.kind === "file" && FILE_MARKERS.has(entry.name)) return true;
  }
  if (entries.some((entry) => entry.kind === "dir" && entry.name === ".vscode") && (await loader.exists(path.join(dir, ".vscode", "mcp.json")))) return true;
  if (entries.some((entry) => entry.kind === "dir" && entry.name === ".github") && (await hasAgentWorkflow(dir, loader))) return true;
  return false;
}

export async function findProjects(roots: string[], loader: ConfigLoader, options: WalkOptions = {}): Promise<ProjectWalk> {
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
  const maxEntries = options.maxEntries ?? DEFAULT_MAX_ENTRIES;
  const skipped = new Set([...WALK_SKIPPED_DIRS, ...(options.skipDirs ?? [])]);
  const projects: string[] = [];
  const strayConfigs: string[] = [];
  const warnings: CollectorWarning[] = [];
  const seen = new Set<string>();
  let entriesRead = 0;

  for (const root of roots) {
    const found: string[] = [];
    const depthStops: string[] = [];
    let entriesStop: string | undefined;
    let level = [root];
    for (let depth = 0; level.length > 0; depth++) {
      const next: string[] = [];
      for (let at = 0; at < level.length && !entriesStop; at += CONCURRENCY) {
        const batch = level.slice(at, at + CONCURRENCY).filter((dir) => !seen.has(dir) && seen.add(dir));
        const listed = await Promise.all(batch.map(async (dir) => ({ dir, entries: await loader.entries(dir) })));
        for (const { dir, entries } of listed) {
          entriesRead += entries.length;
          // The home folder's .claude, .cursor, … are the user-level configs every project reads, not a project.
          if (dir !== options.home && (await isProject(dir, entries, loader))) found.push(dir);
          for (const entry of entries) {
            if (entry.kind === "file" && STRAY_CONFIG_NAMES.has(entry.name)) strayConfigs.push(path.join(dir, entry.name));
          }
          const children = entries.filter((entry) => entry.kind === "dir" && !entry.name.startsWith(".") && !skipped.has(entry.name));
          if (depth >= maxDepth) {
            if (children.length > 0) depthStops.push(dir);
            continue;
          }
          next.push(...children.map((entry) => path.join(dir, entry.name)));
          if (entriesRead > maxEntries) {
            entriesStop = dir;
            break;
          }
        }
      }
      if (entriesStop) break;
      level = next;
    }
    if (depthStops.length > 0) {
      warnings.push({
        code: "workspace:walk_budget",
        message: `${root}: the walk for projects stopped at depth ${maxDepth} in ${depthStops.length} folder${depthStops.length === 1 ? "" : "s"} (first: ${depthStops[0]}); pass a larger --max-depth to look deeper`,
        location: { path: depthStops[0] },
      });
    }
    if (entriesStop) {
      warnings.push({
        code: "workspace:walk_budget",
        message: `${root}: the walk for projects stopped after ${entriesRead} folder entries, at ${entriesStop}; pass narrower roots or --skip-dir`,
        location: { path: entriesStop },
      });
    }
    projects.push(...found);
  }
  return { projects: [...new Set(projects)], strayConfigs: [...new Set(strayConfigs)], entriesRead, warnings };
}
