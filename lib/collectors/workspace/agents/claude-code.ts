/**
 * Claude Code: `.mcp.json`, `.claude/settings.json` + `settings.local.json` in the project, `~/.claude.json`
 * (user servers and per-project servers) and `~/.claude/settings.json`. Permission arrays add up across the
 * files; the most specific `defaultMode` wins (local > project > user), as Claude Code itself does.
 */
import path from "node:path";
import { isRecord, readEnvBlock, readMcpServerMap, serverMapOf, stringList } from "../mcp-server";
import { redactConfigText } from "../redact-config-text";
import type { LoadedConfig } from "../read";
import type { AgentSpec, McpServerSpec, PermissionRules } from "../types";
import { homePath, mergeRules, mergeServers, resolveDir, type DiscoverContext } from "./context";
import { hookInlineValues, hookProps, hooksOfConfig } from "./hooks";
import { secretsInCommand } from "../secret-positions";
import type { InlineValue } from "../types";

/** Settings whose value is a command Claude Code runs by itself to fetch a credential. */
const CREDENTIAL_HELPERS = ["apiKeyHelper", "headersHelper", "otelHeadersHelper", "awsAuthRefresh", "awsCredentialExport"] as const;

/** Secrets written into a settings file's commands: credential helpers (what they print) and permission rules. */
function commandSecrets(config: LoadedConfig): InlineValue[] {
  const value = isRecord(config.value) ? config.value : {};
  const permissions = isRecord(value.permissions) ? value.permissions : {};
  const helpers = CREDENTIAL_HELPERS.filter((setting) => typeof value[setting] === "string").flatMap((setting) =>
    secretsInCommand(value[setting] as string, setting, true),
  );
  const rules = (["allow", "ask", "deny"] as const).flatMap((list) =>
    stringList(permissions[list]).flatMap((rule, index) => {
      const inner = /^[A-Za-z_][A-Za-z0-9_.-]*\((.*)\)$/s.exec(rule)?.[1];
      return inner ? secretsInCommand(inner, `permissions.${list}[${index}]`) : [];
    }),
  );
  return [...helpers, ...rules];
}

/** The credential helpers of the settings files, commands shown redacted. */
function credentialHelpers(configs: LoadedConfig[]): { setting: string; commandPreview: string; file: string }[] {
  return configs.flatMap((config) => {
    const value = isRecord(config.value) ? config.value : {};
    return CREDENTIAL_HELPERS.filter((setting) => typeof value[setting] === "string").map((setting) => ({
      setting,
      commandPreview: redactConfigText(value[setting] as string),
      file: config.file,
    }));
  });
}

const MODE_NAMES: Record<string, string> = {
  bypassPermissions: "bypass",
  acceptEdits: "accept-edits",
  plan: "plan",
  dontAsk: "deny-unlisted",
  default: "default",
};

interface SettingsFacts {
  rules: Partial<PermissionRules>;
  defaultMode?: string;
  additionalDirectories: string[];
  sandbox?: boolean;
}

export function readClaudeSettings(config: LoadedConfig, projectRoot: string | undefined, home: string | undefined): SettingsFacts {
  const value = isRecord(config.value) ? config.value : {};
  const permissions = isRecord(value.permissions) ? value.permissions : {};
  const base = projectRoot ?? path.dirname(path.dirname(config.file));
  const sandbox = isRecord(value.sandbox) && typeof value.sandbox.enabled === "boolean" ? value.sandbox.enabled : undefined;
  return {
    rules: { allow: stringList(permissions.allow), ask: stringList(permissions.ask), deny: stringList(permissions.deny) },
    defaultMode: typeof permissions.defaultMode === "string" ? permissions.defaultMode : undefined,
    additionalDirectories: stringList(permissions.additionalDirectories).map((dir) => resolveDir(dir, base, home)),
    sandbox,
  };
}

/** `Bash` or `Bash(*)` in a rule list: the whole shell, not one command. */
export function namesWholeShell(rules: string[], tool = "Bash"): boolean {
  return rules.some((rule) => rule === tool || rule === `${tool}(*)` || rule === `${tool}(:*)` || rule === `${tool}(**)`);
}

export async function discoverClaudeCode(ctx: DiscoverContext): Promise<AgentSpec[]> {
  const [userJson, userSettings] = await Promise.all([
    homePath(ctx, ".claude.json") ? ctx.loader.load(homePath(ctx, ".claude.json")!, "jsonc") : undefined,
    homePath(ctx, ".claude", "settings.json") ? ctx.loader.load(homePath(ctx, ".claude", "settings.json")!, "jsonc") : undefined,
  ]);
  const userState = isRecord(userJson?.value) ? userJson.value : {};
  const userServers = userJson ? readMcpServerMap(userState.mcpServers, { ...userJson, home: ctx.home }) : [];
  const projects = isRecord(userState.projects) ? userState.projects : {};

  const agents: AgentSpec[] = [];
  for (const root of ctx.roots) {
    const [mcpJson, projectSettings, localSettings] = await Promise.all([
      ctx.loader.load(path.join(root, ".mcp.json"), "jsonc"),
      ctx.loader.load(path.join(root, ".claude", "settings.json"), "jsonc"),
      ctx.loader.load(path.join(root, ".claude", "settings.local.json"), "jsonc"),
    ]);
    const projectEntry = isRecord(projects[root]) ? projects[root] : undefined;
    const hasEvidence = mcpJson || projectSettings || localSettings || userSettings || userJson;
    if (!hasEvidence) continue;

    const projectServers: McpServerSpec[] = mcpJson
      ? readMcpServerMap(serverMapOf(mcpJson, [["mcpServers"]], ctx.loader.warnOnce), { ...mcpJson, home: ctx.home })
      : [];
    const perProjectServers =
      userJson && projectEntry ? readMcpServerMap(projectEntry.mcpServers, { ...userJson, home: ctx.home }) : [];

    // Order: user, then project, then local; later files win for scalar settings.
    const settings = [userSettings, projectSettings, localSettings]
      .filter((config): config is LoadedConfig => config !== undefined)
      .map((config) => readClaudeSettings(config, config === userSettings ? undefined : root, ctx.home));
    const rules = mergeRules(...settings.map((facts) => facts.rules));
    if (projectEntry) rules.allow.push(...stringList(projectEntry.allowedTools).filter((rule) => !rules.allow.includes(rule)));
    const mode = settings.map((facts) => facts.defaultMode).filter(Boolean).pop() ?? "default";
    const sandbox = settings.map((facts) => facts.sandbox).filter((item) => item !== undefined).pop() ?? false;

    const shellDenied = namesWholeShell(rules.deny);
    const settingsFiles = [userSettings, projectSettings, localSettings].filter((config): config is LoadedConfig => config !== undefined);
    // The `env` block is handed to the agent (and every command it runs) at start.
    const envBlocks = settingsFiles.map((config) => ({ file: config.file, ...readEnvBlock(isRecord(config.value) ? config.value.env : undefined) }));
    const hooks = settingsFiles.flatMap(hooksOfConfig);
    const configFiles = [userJson, userSettings, mcpJson, projectSettings, localSettings]
      .filter((config): config is LoadedConfig => config !== undefined)
      .map((config) => config.file);

    agents.push({
      kind: "claude-code",
      scope: root,
      name: `Claude Code (${path.basename(root)})`,
      configFiles,
      workspaceRoot: root,
      additionalDirectories: [...new Set(settings.flatMap((facts) => facts.additionalDirectories))],
      approvalMode: MODE_NAMES[mode] ?? mode,
      // Claude Code allows Bash unless it is denied; its sandbox confines writes and network, not reads,
      // so a shell that is not denied can read the home folder either way.
      unrestrictedShell: !shellDenied && !sandbox,
      readsHome: !shellDenied,
      sandbox: sandbox ? "enabled" : false,
      rules,
      mcpServers: mergeServers(userServers, perProjectServers, projectServers),
      foreignServers: userJson
        ? Object.entries(projects)
            .filter(([projectPath, entry]) => projectPath !== root && isRecord(entry))
            .flatMap(([, entry]) => readMcpServerMap((entry as Record<string, unknown>).mcpServers, { ...userJson, home: ctx.home }))
        : [],
      inlineValues: [
        ...envBlocks.map(({ file, inlineValues }) => ({ file, values: inlineValues })),
        ...settingsFiles.map((config) => ({ file: config.file, values: commandSecrets(config) })),
        ...hookInlineValues(hooks),
      ],
      references: envBlocks.flatMap((block) => block.references),
      extra: {
        shellAutoApproved: namesWholeShell(rules.allow) || mode === "bypassPermissions",
        ...hookProps(hooks),
        credentialHelpers: credentialHelpers(settingsFiles),
      },
    });
  }
  return agents;
}

