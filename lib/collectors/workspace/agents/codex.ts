/**
 * Codex CLI: `~/.codex/config.toml` and `.codex/config.toml` in the project (`mcp_servers`, `approval_policy`,
 * `sandbox_mode`). Codex's sandbox confines writes and network; reads are not confined, so Codex can read
 * the home folder in every mode, and its shell is unrestricted only with `danger-full-access`.
 */
import path from "node:path";
import { isRecord, readMcpServerMap, stringList } from "../mcp-server";
import type { LoadedConfig } from "../read";
import type { AgentSpec } from "../types";
import { emptyRules } from "../types";
import { homePath, loadExisting, mergeServers, resolveDir, type DiscoverContext } from "./context";
import { hookInlineValues, hookProps, hooksOfConfig } from "./hooks";

/** Each profile's approval policy and sandbox: `codex --profile NAME` switches to any of them. */
function profilesOf(configs: LoadedConfig[]): Record<string, { approvalPolicy?: string; sandboxMode?: string }> {
  const out: Record<string, { approvalPolicy?: string; sandboxMode?: string }> = {};
  for (const config of configs) {
    const profiles = isRecord(config.value) && isRecord(config.value.profiles) ? config.value.profiles : {};
    for (const [name, profile] of Object.entries(profiles)) {
      if (!isRecord(profile)) continue;
      out[name] = {
        ...(typeof profile.approval_policy === "string" ? { approvalPolicy: profile.approval_policy } : {}),
        ...(typeof profile.sandbox_mode === "string" ? { sandboxMode: profile.sandbox_mode } : {}),
      };
    }
  }
  return out;
}

/** The last file's value wins; within a file, the active `profile` overrides the top level. */
function field(configs: LoadedConfig[], name: string): string | undefined {
  let found: string | undefined;
  for (const config of configs) {
    if (!isRecord(config.value)) continue;
    const value = config.value;
    const profiles = isRecord(value.profiles) ? value.profiles : {};
    const profile = typeof value.profile === "string" && isRecord(profiles[value.profile]) ? profiles[value.profile] : {};
    const item = (profile as Record<string, unknown>)[name] ?? value[name];
    if (typeof item === "string") found = item;
  }
  return found;
}

/** `[projects."/path"] trust_level = "trusted"`: Codex loads the project's own config only when trusted. */
function trustLevel(configs: LoadedConfig[], root: string): string | undefined {
  for (const config of configs) {
    const projects = isRecord(config.value) && isRecord(config.value.projects) ? config.value.projects : {};
    const entry = projects[root];
    if (isRecord(entry) && typeof entry.trust_level === "string") return entry.trust_level;
  }
  return undefined;
}

export async function discoverCodex(ctx: DiscoverContext): Promise<AgentSpec[]> {
  const user = await loadExisting(ctx, [homePath(ctx, ".codex", "config.toml")]);
  const userHooks = await loadExisting(ctx, [homePath(ctx, ".codex", "hooks.json")]);
  const agents: AgentSpec[] = [];
  for (const root of ctx.roots) {
    const project = await loadExisting(ctx, [path.join(root, ".codex", "config.toml")]);
    const projectHooks = await loadExisting(ctx, [path.join(root, ".codex", "hooks.json")]);
    const configs = [...user, ...project];
    if (configs.length === 0 && projectHooks.length === 0 && userHooks.length === 0) continue;
    // Hooks live in hooks.json beside each config layer, or inline as `[hooks]` / `[[hooks]]` in config.toml.
    const hooks = [...userHooks, ...configs, ...projectHooks].flatMap(hooksOfConfig);
    const approval = field(configs, "approval_policy") ?? "default";
    const sandboxMode = field(configs, "sandbox_mode") ?? "default";
    const writableRoots = configs.flatMap((config) => {
      const value = isRecord(config.value) ? config.value : {};
      const table = isRecord(value.sandbox_workspace_write) ? value.sandbox_workspace_write : {};
      return stringList(table.writable_roots).map((dir) => resolveDir(dir, root, ctx.home));
    });
    agents.push({
      kind: "codex",
      scope: root,
      name: `Codex CLI (${path.basename(root)})`,
      configFiles: [...configs, ...userHooks, ...projectHooks].map((config) => config.file),
      workspaceRoot: root,
      additionalDirectories: [...new Set(writableRoots)],
      approvalMode: approval,
      unrestrictedShell: sandboxMode === "danger-full-access",
      readsHome: true,
      sandbox: sandboxMode,
      rules: emptyRules(),
      mcpServers: mergeServers(
        ...configs.map((config) =>
          isRecord(config.value) ? readMcpServerMap(config.value.mcp_servers, { ...config, home: ctx.home }) : [],
        ),
      ),
      inlineValues: hookInlineValues(hooks),
      references: [],
      extra: { trustLevel: trustLevel(user, root) ?? null, profiles: profilesOf(configs), ...hookProps(hooks) },
    });
  }
  return agents;
}
