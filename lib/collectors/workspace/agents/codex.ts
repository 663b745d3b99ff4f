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

function field(configs: LoadedConfig[], name: string): string | undefined {
  const values = configs.map((config) => (isRecord(config.value) ? config.value[name] : undefined)).filter((item) => typeof item === "string");
  return values.pop() as string | undefined;
}

export async function discoverCodex(ctx: DiscoverContext): Promise<AgentSpec[]> {
  const user = await loadExisting(ctx, [homePath(ctx, ".codex", "config.toml")]);
  const agents: AgentSpec[] = [];
  for (const root of ctx.roots) {
    const project = await loadExisting(ctx, [path.join(root, ".codex", "config.toml")]);
    const configs = [...user, ...project];
    if (configs.length === 0) continue;
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
      configFiles: configs.map((config) => config.file),
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
      inlineValues: [],
      references: [],
      extra: {},
    });
  }
  return agents;
}
