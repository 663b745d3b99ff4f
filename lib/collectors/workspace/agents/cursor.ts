/**
 * Cursor: `.cursor/mcp.json` in the project and `~/.cursor/mcp.json`; the Cursor CLI's permission files
 * (`~/.cursor/cli-config.json`, `.cursor/cli.json`) with rules such as `Shell(git)` and `Read(src/**)`.
 * The IDE's agent comes with a terminal tool that runs outside any sandbox, so it reads what the user reads
 * unless the CLI permissions deny the whole shell.
 */
import path from "node:path";
import { isRecord, readMcpServerMap, serverMapOf, stringList } from "../mcp-server";
import type { LoadedConfig } from "../read";
import type { AgentSpec, PermissionRules } from "../types";
import { namesWholeShell } from "./claude-code";
import { homePath, mergeRules, mergeServers, readIgnoreRules, type DiscoverContext } from "./context";
import { hookInlineValues, hookProps, hooksOfConfig } from "./hooks";

function readCursorPermissions(config: LoadedConfig | undefined): Partial<PermissionRules> {
  if (!config || !isRecord(config.value) || !isRecord(config.value.permissions)) return {};
  return { allow: stringList(config.value.permissions.allow), deny: stringList(config.value.permissions.deny) };
}

export async function discoverCursor(ctx: DiscoverContext): Promise<AgentSpec[]> {
  const userMcpFile = homePath(ctx, ".cursor", "mcp.json");
  const userCliFile = homePath(ctx, ".cursor", "cli-config.json");
  const userHooksFile = homePath(ctx, ".cursor", "hooks.json");
  const [userMcp, userCli, userHooks] = await Promise.all([
    userMcpFile ? ctx.loader.load(userMcpFile, "jsonc") : undefined,
    userCliFile ? ctx.loader.load(userCliFile, "jsonc") : undefined,
    userHooksFile ? ctx.loader.load(userHooksFile, "jsonc") : undefined,
  ]);
  const agents: AgentSpec[] = [];
  for (const root of ctx.roots) {
    const [projectMcp, projectCli, projectHooks] = await Promise.all([
      ctx.loader.load(path.join(root, ".cursor", "mcp.json"), "jsonc"),
      ctx.loader.load(path.join(root, ".cursor", "cli.json"), "jsonc"),
      ctx.loader.load(path.join(root, ".cursor", "hooks.json"), "jsonc"),
    ]);
    const configs = [userMcp, userCli, userHooks, projectMcp, projectCli, projectHooks].filter((config): config is LoadedConfig => !!config);
    if (configs.length === 0) continue;
    const ignore = await readIgnoreRules(ctx, root, ".cursorignore");
    const servers = (config: LoadedConfig | undefined) =>
      config ? readMcpServerMap(serverMapOf(config, [["mcpServers"]], ctx.loader.warnOnce), { ...config, home: ctx.home }) : [];
    const rules = mergeRules(readCursorPermissions(userCli), readCursorPermissions(projectCli), { deny: ignore.deny });
    const shellDenied = namesWholeShell(rules.deny, "Shell");
    const hooks = [userHooks, projectHooks].flatMap(hooksOfConfig);
    agents.push({
      kind: "cursor",
      scope: root,
      name: `Cursor (${path.basename(root)})`,
      configFiles: [...configs.map((config) => config.file), ...(ignore.file ? [ignore.file] : [])],
      workspaceRoot: root,
      additionalDirectories: [],
      // Cursor keeps its auto-run ("YOLO") setting in its own state database, not in these files.
      approvalMode: "default",
      unrestrictedShell: !shellDenied,
      readsHome: !shellDenied,
      sandbox: false,
      rules,
      mcpServers: mergeServers(servers(userMcp), servers(projectMcp)),
      inlineValues: hookInlineValues(hooks),
      references: [],
      extra: hookProps(hooks),
    });
  }
  return agents;
}
