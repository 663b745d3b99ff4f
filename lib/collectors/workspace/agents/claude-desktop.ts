/**
 * Claude Desktop: `claude_desktop_config.json` (Linux `~/.config/Claude/`, macOS
 * `~/Library/Application Support/Claude/`). It has no shell and no file access of its own: what it reads
 * comes through its MCP servers, e.g. the filesystem server's folder arguments.
 */
import { isRecord, readMcpServerMap } from "../mcp-server";
import type { AgentSpec } from "../types";
import { emptyRules } from "../types";
import { homePath, loadExisting, type DiscoverContext } from "./context";

export async function discoverClaudeDesktop(ctx: DiscoverContext): Promise<AgentSpec[]> {
  const configs = await loadExisting(ctx, [
    homePath(ctx, ".config", "Claude", "claude_desktop_config.json"),
    homePath(ctx, "Library", "Application Support", "Claude", "claude_desktop_config.json"),
  ]);
  if (configs.length === 0) return [];
  const mcpServers = configs.flatMap((config) =>
    isRecord(config.value) ? readMcpServerMap(config.value.mcpServers, { ...config, home: ctx.home }) : [],
  );
  return [
    {
      kind: "claude-desktop",
      scope: "user",
      name: "Claude Desktop",
      configFiles: configs.map((config) => config.file),
      additionalDirectories: mcpServers.flatMap((server) => server.exposedDirs),
      // Desktop asks before each tool call unless the user chose "always allow" in the app.
      approvalMode: "ask",
      unrestrictedShell: false,
      readsHome: false,
      sandbox: null,
      rules: emptyRules(),
      mcpServers,
      inlineValues: [],
      references: [],
      extra: {},
    },
  ];
}
