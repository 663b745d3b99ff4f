/**
 * VS Code with Copilot agent mode: `.vscode/mcp.json` (`servers`, `inputs`) in the project and the user
 * `mcp.json` (Linux `~/.config/Code/User/`, macOS `~/Library/Application Support/Code/User/`). Agent mode has
 * a terminal tool; `chat.tools.autoApprove` (or `chat.tools.global.autoApprove`) in the user settings turns
 * every confirmation off.
 */
import path from "node:path";
import { isRecord, readMcpServerMap, serverMapOf } from "../mcp-server";
import type { LoadedConfig } from "../read";
import type { AgentSpec, McpServerSpec } from "../types";
import { emptyRules } from "../types";
import { homePath, loadExisting, mergeServers, type DiscoverContext } from "./context";
import { hookInlineValues, hookProps, hooksOfConfig } from "./hooks";

const USER_DIRS = [
  [".config", "Code", "User"],
  ["Library", "Application Support", "Code", "User"],
];

/** Input ids declared with `password: true`: VS Code prompts for them and keeps them in its secret store. */
function secretInputs(config: LoadedConfig): string[] {
  const value = isRecord(config.value) ? config.value : {};
  const inputs = Array.isArray(value.inputs) ? value.inputs : [];
  return inputs.filter(isRecord).filter((input) => input.password === true && typeof input.id === "string").map((input) => String(input.id));
}

function serversOf(config: LoadedConfig | undefined, ctx: DiscoverContext): McpServerSpec[] {
  if (!config) return [];
  // mcp.json uses `servers`; the older form nests the same under `mcp` in settings.json.
  const expected = path.basename(config.file) === "settings.json" ? [["mcp", "servers"]] : [["servers"]];
  return readMcpServerMap(serverMapOf(config, expected, ctx.loader.warnOnce), { ...config, home: ctx.home });
}

export async function discoverVsCode(ctx: DiscoverContext): Promise<AgentSpec[]> {
  const userMcp = await loadExisting(ctx, USER_DIRS.map((parts) => homePath(ctx, ...parts, "mcp.json")));
  const userSettings = await loadExisting(ctx, USER_DIRS.map((parts) => homePath(ctx, ...parts, "settings.json")));
  const autoApprove = userSettings.some(
    (config) =>
      isRecord(config.value) && (config.value["chat.tools.autoApprove"] === true || config.value["chat.tools.global.autoApprove"] === true),
  );
  const agents: AgentSpec[] = [];
  for (const root of ctx.roots) {
    const projectMcp = await loadExisting(ctx, [path.join(root, ".vscode", "mcp.json")]);
    const projectSettings = (await loadExisting(ctx, [path.join(root, ".vscode", "settings.json")])).filter(
      (config) => isRecord(config.value) && isRecord(config.value.mcp),
    );
    // Copilot's hooks (coding agent, CLI and agent mode): every .github/hooks/*.json of the repository.
    const hooksDir = path.join(root, ".github", "hooks");
    const hookFiles = (await ctx.loader.list(hooksDir)).filter((name) => name.endsWith(".json")).map((name) => path.join(hooksDir, name));
    const hookConfigs = await loadExisting(ctx, hookFiles);
    const hooks = hookConfigs.flatMap(hooksOfConfig);
    const configs = [...userMcp, ...projectSettings, ...projectMcp];
    if (configs.length === 0 && hookConfigs.length === 0) continue;
    agents.push({
      kind: "vscode-copilot",
      scope: root,
      name: `VS Code agent (${path.basename(root)})`,
      configFiles: [...configs, ...hookConfigs, ...userSettings.filter(() => autoApprove)].map((config) => config.file),
      workspaceRoot: root,
      additionalDirectories: [],
      approvalMode: autoApprove ? "bypass" : "default",
      unrestrictedShell: true,
      readsHome: true,
      sandbox: false,
      rules: emptyRules(),
      mcpServers: mergeServers(...configs.map((config) => serversOf(config, ctx))),
      inlineValues: hookInlineValues(hooks),
      references: [],
      extra: { secretInputs: configs.flatMap(secretInputs), ...hookProps(hooks) },
    });
  }
  return agents;
}
