/**
 * VS Code with Copilot agent mode: `.vscode/mcp.json` (`servers`, `inputs`) in the project and the user
 * `mcp.json` (Linux `~/.config/Code/User/`, macOS `~/Library/Application Support/Code/User/`). Agent mode has
 * a terminal tool; `chat.tools.autoApprove` (or `chat.tools.global.autoApprove`) in the user settings turns
 * every confirmation off.
 */
import path from "node:path";
import { isRecord, readMcpServerMap } from "../mcp-server";
import type { LoadedConfig } from "../read";
import type { AgentSpec, McpServerSpec } from "../types";
import { emptyRules } from "../types";
import { homePath, loadExisting, mergeServers, type DiscoverContext } from "./context";

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

function serversOf(config: LoadedConfig | undefined, home: string | undefined): McpServerSpec[] {
  if (!config || !isRecord(config.value)) return [];
  const value = config.value;
  // mcp.json uses `servers`; the older form nests the same under `mcp` in settings.json.
  const servers = value.servers ?? (isRecord(value.mcp) ? value.mcp.servers : undefined);
  return readMcpServerMap(servers, { ...config, home });
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
    const configs = [...userMcp, ...projectSettings, ...projectMcp];
    if (configs.length === 0) continue;
    agents.push({
      kind: "vscode-copilot",
      scope: root,
      name: `VS Code agent (${path.basename(root)})`,
      configFiles: [...configs, ...userSettings.filter(() => autoApprove)].map((config) => config.file),
      workspaceRoot: root,
      additionalDirectories: [],
      approvalMode: autoApprove ? "bypass" : "default",
      unrestrictedShell: true,
      readsHome: true,
      sandbox: false,
      rules: emptyRules(),
      mcpServers: mergeServers(...configs.map((config) => serversOf(config, ctx.home))),
      inlineValues: [],
      references: [],
      extra: { secretInputs: configs.flatMap(secretInputs) },
    });
  }
  return agents;
}
