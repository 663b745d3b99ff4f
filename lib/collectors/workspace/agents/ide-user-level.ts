/**
 * Agents configured in the user's home only, or mostly: Windsurf (`~/.codeium/windsurf/mcp_config.json`),
 * Gemini CLI (`~/.gemini/settings.json`, `.gemini/settings.json`) and Continue (`~/.continue/config.yaml`,
 * `.continue/mcpServers/*.yaml|json`). Each comes with a shell or terminal tool.
 */
import path from "node:path";
import { isRecord, readMcpServerMap, serverMapOf, stringList } from "../mcp-server";
import type { LoadedConfig } from "../read";
import type { AgentSpec } from "../types";
import { emptyRules } from "../types";
import { homePath, loadExisting, mergeServers, readIgnoreRules, resolveDir, type DiscoverContext } from "./context";
import { hookInlineValues, hookProps, hooksOfConfig } from "./hooks";

function ideAgent(kind: AgentSpec["kind"], label: string, root: string, configs: LoadedConfig[]): AgentSpec {
  return {
    kind,
    scope: root,
    name: `${label} (${path.basename(root)})`,
    configFiles: configs.map((config) => config.file),
    workspaceRoot: root,
    additionalDirectories: [],
    approvalMode: "default",
    unrestrictedShell: true,
    readsHome: true,
    sandbox: false,
    rules: emptyRules(),
    mcpServers: [],
    inlineValues: [],
    references: [],
    extra: {},
  };
}

export async function discoverWindsurf(ctx: DiscoverContext): Promise<AgentSpec[]> {
  const user = await loadExisting(ctx, [homePath(ctx, ".codeium", "windsurf", "mcp_config.json"), homePath(ctx, ".codeium", "windsurf", "hooks.json")]);
  const agents: AgentSpec[] = [];
  for (const root of ctx.roots) {
    // Workspace hooks live in .windsurf/hooks.json; a project with only that still has a Windsurf agent.
    const configs = [...user, ...(await loadExisting(ctx, [path.join(root, ".windsurf", "hooks.json")]))];
    if (configs.length === 0) continue;
    const ignore = await readIgnoreRules(ctx, root, ".codeiumignore");
    const hooks = configs.flatMap(hooksOfConfig);
    const agent = { ...ideAgent("windsurf", "Windsurf", root, configs), extra: hookProps(hooks), inlineValues: hookInlineValues(hooks) };
    agents.push({
      ...agent,
      configFiles: [...agent.configFiles, ...(ignore.file ? [ignore.file] : [])],
      rules: { allow: [], ask: [], deny: ignore.deny },
      mcpServers: mergeServers(
        ...configs
          .filter((config) => !config.file.endsWith("hooks.json"))
          .map((config) => readMcpServerMap(serverMapOf(config, [["mcpServers"]], ctx.loader.warnOnce), { ...config, home: ctx.home })),
      ),
    });
  }
  return agents;
}

/** Gemini CLI settings in the flat (v1) or nested (v2: `tools.*`, `context.*`) layout. */
function geminiSetting(value: Record<string, unknown>, flat: string, group: string, nested: string): unknown {
  const section = isRecord(value[group]) ? value[group] : {};
  return section[nested] ?? value[flat];
}

export async function discoverGemini(ctx: DiscoverContext): Promise<AgentSpec[]> {
  const user = await loadExisting(ctx, [homePath(ctx, ".gemini", "settings.json")]);
  const agents: AgentSpec[] = [];
  for (const root of ctx.roots) {
    const configs = [...user, ...(await loadExisting(ctx, [path.join(root, ".gemini", "settings.json")]))];
    if (configs.length === 0) continue;
    const values = configs.map((config) => (isRecord(config.value) ? config.value : {}));
    const last = (flat: string, group: string, nested: string) =>
      values.map((value) => geminiSetting(value, flat, group, nested)).filter((item) => item !== undefined).pop();
    const sandbox = last("sandbox", "tools", "sandbox") ?? false;
    const excluded = values.flatMap((value) => stringList(geminiSetting(value, "excludeTools", "tools", "exclude")));
    const shellDenied = excluded.some((tool) => tool === "run_shell_command" || tool === "ShellTool");
    // Docker or Podman sandboxes mount only the project; macOS sandbox-exec profiles confine writes.
    const confinesReads = sandbox === true || sandbox === "docker" || sandbox === "podman";
    const ignore = await readIgnoreRules(ctx, root, ".geminiignore");
    const included = values.flatMap((value) => stringList(geminiSetting(value, "includeDirectories", "context", "includeDirectories")));
    // Tools that run without confirmation (v2 `tools.allowed`, v1 `allowedTools`).
    const allowed = values.flatMap((value) => stringList(geminiSetting(value, "allowedTools", "tools", "allowed")));
    const hooks = configs.flatMap(hooksOfConfig);
    agents.push({
      ...ideAgent("gemini-cli", "Gemini CLI", root, configs),
      extra: {
        autoApprovedTools: [...new Set(allowed)],
        shellAutoApproved: allowed.some((tool) => tool === "run_shell_command" || tool === "ShellTool"),
        ...hookProps(hooks),
      },
      inlineValues: hookInlineValues(hooks),
      additionalDirectories: included.map((dir) => resolveDir(dir, root, ctx.home)),
      approvalMode: last("autoAccept", "tools", "autoAccept") === true ? "auto" : "default",
      unrestrictedShell: !shellDenied && sandbox === false,
      readsHome: !shellDenied && !confinesReads,
      sandbox: typeof sandbox === "string" || typeof sandbox === "boolean" ? sandbox : true,
      configFiles: [...configs.map((config) => config.file), ...(ignore.file ? [ignore.file] : [])],
      rules: { allow: [...new Set([...stringList(last("coreTools", "tools", "core")), ...allowed])], ask: [], deny: [...excluded, ...ignore.deny] },
      mcpServers: mergeServers(...configs.map((config) => readMcpServerMap(serverMapOf(config, [["mcpServers"]], ctx.loader.warnOnce), { ...config, home: ctx.home }))),
    });
  }
  return agents;
}

export async function discoverContinue(ctx: DiscoverContext): Promise<AgentSpec[]> {
  const user = await loadExisting(ctx, [homePath(ctx, ".continue", "config.yaml"), homePath(ctx, ".continue", "config.json")]);
  const agents: AgentSpec[] = [];
  for (const root of ctx.roots) {
    const dir = path.join(root, ".continue", "mcpServers");
    const blockFiles = (await ctx.loader.list(dir)).filter((name) => /\.(ya?ml|json)$/i.test(name)).map((name) => path.join(dir, name));
    const configs = [...user, ...(await loadExisting(ctx, blockFiles))];
    if (configs.length === 0) continue;
    const servers = configs.flatMap((config) => {
      const value = isRecord(config.value) ? config.value : {};
      // config.yaml and block files list `mcpServers: [...]`; JSON blocks may use the Claude-style map;
      // the legacy config.json nests them under experimental.modelContextProtocolServers.
      const experimental = isRecord(value.experimental) ? value.experimental.modelContextProtocolServers : undefined;
      const list = value.mcpServers ?? experimental;
      return readMcpServerMap(list, { ...config, home: ctx.home });
    });
    agents.push({ ...ideAgent("continue", "Continue", root, configs), mcpServers: mergeServers(servers) });
  }
  return agents;
}
