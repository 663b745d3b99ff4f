/**
 * What every agent discoverer gets: the roots to look at, the home folder (when the caller gave one), and
 * the read-only config loader.
 */
import path from "node:path";
import type { ConfigLoader, LoadedConfig } from "../read";
import type { McpServerSpec, PermissionRules } from "../types";

export interface DiscoverContext {
  roots: string[];
  home?: string;
  loader: ConfigLoader;
}

export function homePath(ctx: DiscoverContext, ...parts: string[]): string | undefined {
  return ctx.home ? path.join(ctx.home, ...parts) : undefined;
}

/** Loads the files that exist among `files` (undefined entries are skipped). */
export async function loadExisting(ctx: DiscoverContext, files: (string | undefined)[]): Promise<LoadedConfig[]> {
  const loaded = await Promise.all(files.filter((file): file is string => !!file).map((file) => ctx.loader.load(file)));
  return loaded.filter((config): config is LoadedConfig => config !== undefined);
}

export function mergeRules(...sets: Partial<PermissionRules>[]): PermissionRules {
  const unique = (items: string[]) => [...new Set(items)];
  return {
    allow: unique(sets.flatMap((set) => set.allow ?? [])),
    ask: unique(sets.flatMap((set) => set.ask ?? [])),
    deny: unique(sets.flatMap((set) => set.deny ?? [])),
  };
}

/** A later server with the same name overrides an earlier one (project over user), as the agents do. */
export function mergeServers(...lists: McpServerSpec[][]): McpServerSpec[] {
  const byName = new Map<string, McpServerSpec>();
  for (const list of lists) for (const server of list) byName.set(server.name, server);
  return [...byName.values()];
}

/**
 * Read denies (`Read(./.env)`) are enforced by the agent's own file tool only; a shell outside any sandbox
 * runs `cat .env` regardless, so next to an unrestricted shell they protect nothing.
 */
export function findIneffectiveDenies(deny: string[], unrestrictedShell: boolean): string[] {
  if (!unrestrictedShell) return [];
  return deny.filter((rule) => /^(Read|View|Glob|Grep)\b/i.test(rule));
}

export function resolveDir(dir: string, base: string, home: string | undefined): string {
  if (home && (dir === "~" || dir.startsWith("~/"))) return path.join(home, dir.slice(1));
  return path.resolve(base, dir);
}

/**
 * Patterns in an agent's ignore file (`.cursorignore`, `.codeiumignore`, `.geminiignore`), as `Read(…)`
 * deny rules: the agent's own file tools skip them, its terminal does not.
 */
export async function readIgnoreRules(ctx: DiscoverContext, root: string, name: string): Promise<{ file?: string; deny: string[] }> {
  const file = path.join(root, name);
  const text = await ctx.loader.readText(file);
  if (text === undefined) return { deny: [] };
  const patterns = text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#"));
  return { file, deny: patterns.map((pattern) => `Read(${pattern})`) };
}
