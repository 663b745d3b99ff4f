/**
 * One MCP server entry, in whichever dialect the agent writes it (Claude, Cursor, VS Code, Codex, Windsurf,
 * Gemini, Continue), normalised into an McpServerSpec: what it runs or calls, which values may be secrets,
 * and which secrets it only names (supplied at run time).
 */
import path from "node:path";
import type { CollectorWarning } from "@/lib/graph/types";
import { isIncomplete } from "./parse-config";
import { redactArgs, redactConfigText, redactUrl } from "./redact-config-text";
import { secretsInArgs, secretsInUrl, secretUnderName } from "./secret-positions";
import type { InlineValue, McpServerSpec, SecretReference } from "./types";

export interface ConfigSource {
  file: string;
  text: string;
  /** The home folder, to expand `~` in paths. */
  home?: string;
}

// ${VAR}, ${VAR:-default}, ${env:VAR}, ${input:id}, ${{ secrets.NAME }}, ${{ inputs.NAME }}
const REFERENCE_PATTERNS: { pattern: RegExp; via: SecretReference["via"] }[] = [
  { pattern: /\$\{\{\s*secrets\.([A-Za-z0-9_.-]+)\s*\}\}/g, via: "continue-secret" },
  { pattern: /\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}/g, via: "env" },
  { pattern: /\$\{input:([A-Za-z0-9_.-]+)\}/g, via: "input" },
  { pattern: /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-[^}]*)?\}/g, via: "env" },
];

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : [];
}

export function stringRecord(value: unknown): Record<string, string> {
  if (!isRecord(value)) return {};
  const out: Record<string, string> = {};
  for (const [key, item] of Object.entries(value)) if (typeof item === "string") out[key] = item;
  return out;
}

/** References named in a string, and what is left once they are taken out (the literal part). */
export function splitReferences(value: string, where: string, refVia?: SecretReference["via"]): { references: SecretReference[]; literal: string } {
  const references: SecretReference[] = [];
  let literal = value;
  for (const { pattern, via } of REFERENCE_PATTERNS) {
    literal = literal.replace(pattern, (_match, name: string) => {
      references.push({ name, via: refVia ?? via, path: where });
      return "";
    });
  }
  return { references, literal };
}

/** 1-based line of the first occurrence of `needle` at or after `from`, or undefined. */
export function lineOfText(text: string, needle: string, from = 0): number | undefined {
  if (!needle) return undefined;
  const at = text.indexOf(needle, from);
  if (at < 0) return undefined;
  let line = 1;
  for (let i = 0; i < at; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

const WINDOWS_PATH = /^[A-Za-z]:[\\/]|^\\\\/;

export function expandHome(dir: string, home: string | undefined, base: string): string {
  if (home && (dir === "~" || dir.startsWith("~/"))) return path.join(home, dir.slice(1));
  // A Windows path (a config written on Windows and committed) names no folder here; keep it as written.
  if (WINDOWS_PATH.test(dir)) return dir;
  return path.resolve(base, dir);
}

const FILESYSTEM_SERVER = /server-filesystem|mcp-server-filesystem|filesystem-mcp/;

/** `transport: { type, url, headers }` (some clients nest the remote part) read like top-level fields. */
function transportFields(raw: Record<string, unknown>): Record<string, unknown> {
  const nested = isRecord(raw.transport) ? raw.transport : {};
  return { ...nested, ...raw, type: raw.type ?? nested.type ?? (typeof raw.transport === "string" ? raw.transport : undefined) };
}

/**
 * Normalises one server. `name` is the key it is listed under (or its `name` field in list dialects).
 */
export function readMcpServer(name: string, entry: Record<string, unknown>, source: ConfigSource): McpServerSpec {
  const raw = transportFields(entry);
  const inlineValues: InlineValue[] = [];
  const references: SecretReference[] = [];
  // Every value is scanned by the detectors (a known token shape anywhere is a credential)...
  const keep = (value: string, where: string, valueName?: string) => {
    const split = splitReferences(value, where);
    references.push(...split.references);
    if (split.literal.trim().length > 0) inlineValues.push({ path: where, name: valueName, value });
  };
  // ...and a value in a secret position is one whatever its shape, unless it only names a variable.
  const keepSecrets = (values: InlineValue[]) => {
    for (const value of values) if (splitReferences(value.value, value.path).references.length === 0) inlineValues.push(value);
  };

  const command = typeof raw.command === "string" ? raw.command : undefined;
  const args = stringList(raw.args);
  args.forEach((arg, index) => keep(arg, `args[${index}]`));
  keepSecrets(secretsInArgs(args));

  for (const [key, value] of Object.entries(stringRecord(raw.env))) {
    keep(value, `env.${key}`, key);
    keepSecrets(secretUnderName(key, value, `env.${key}`));
  }
  for (const field of ["headers", "http_headers", "requestInit"] as const) {
    const headers = field === "requestInit" && isRecord(raw.requestInit) ? raw.requestInit.headers : raw[field];
    for (const [key, value] of Object.entries(stringRecord(headers))) {
      keep(value, `${field}.${key}`, key);
      keepSecrets(secretUnderName(key, value, `${field}.${key}`, true));
    }
  }

  // Codex names the variables it forwards (env_vars), the one holding a bearer token, and header → variable maps.
  for (const variable of stringList(raw.env_vars)) references.push({ name: variable, via: "env", path: "env_vars" });
  if (typeof raw.bearer_token_env_var === "string") {
    references.push({ name: raw.bearer_token_env_var, via: "env", path: "bearer_token_env_var" });
  }
  for (const [header, variable] of Object.entries(stringRecord(raw.env_http_headers))) {
    references.push({ name: variable, via: "env", path: `env_http_headers.${header}` });
  }
  // A bearer token written inline (some Codex and Gemini configs allow it).
  for (const field of ["bearer_token", "apiKey", "api_key", "token"] as const) {
    const value = raw[field];
    if (typeof value !== "string") continue;
    keep(value, field, field);
    keepSecrets(secretUnderName(field, value, field));
  }

  const rawUrl = [raw.url, raw.serverUrl, raw.httpUrl].find((item): item is string => typeof item === "string");
  let url: string | undefined;
  if (rawUrl) {
    const split = splitReferences(rawUrl, "url");
    references.push(...split.references);
    try {
      const parsed = new URL(rawUrl);
      parsed.searchParams.forEach((value, key) => keep(value, `url?${key}`, key));
      // Credentials in the user-info part, or a key in the path: the scanner judges the URL without its query.
      keep(parsed.username || parsed.password ? rawUrl : `${parsed.protocol}//${parsed.host}${parsed.pathname}`, "url");
      keepSecrets(secretsInUrl(rawUrl, "url"));
      url = redactUrl(rawUrl);
    } catch {
      keep(rawUrl, "url");
      url = redactConfigText(rawUrl);
    }
  }

  const envFiles: string[] = [];
  const base = path.dirname(source.file);
  if (typeof raw.envFile === "string") {
    // VS Code writes ${workspaceFolder}/.env; the workspace folder is the parent of .vscode.
    const envFile = raw.envFile.replace(/\$\{workspaceFolder\}/g, path.dirname(base));
    envFiles.push(expandHome(envFile, source.home, base));
  }

  const type = typeof raw.type === "string" ? raw.type.toLowerCase() : undefined;
  const transport: McpServerSpec["transport"] =
    type === "sse" ? "sse" : type === "http" || type === "streamable-http" || type === "streamablehttp" || (!command && url) ? "http" : "stdio";

  const isFilesystem = [command ?? "", ...args].some((part) => FILESYSTEM_SERVER.test(part));
  const exposedDirs = isFilesystem
    ? args.filter((arg) => arg.startsWith("/") || arg.startsWith("~") || WINDOWS_PATH.test(arg)).map((arg) => expandHome(arg, source.home, base))
    : [];

  const line = lineOfText(source.text, `"${name}"`) ?? lineOfText(source.text, name) ?? 1;
  const disabled = raw.disabled === true || raw.enabled === false ? true : undefined;
  return {
    name,
    transport,
    command: command === undefined ? undefined : redactConfigText(command),
    args: redactArgs(args),
    url,
    file: source.file,
    line,
    inlineValues,
    references,
    envFiles,
    exposedDirs,
    disabled,
    ...toolApproval(raw),
    // Claude Code runs it to get the server's headers (a token, typically) at connect time.
    ...(typeof raw.headersHelper === "string" ? { headersHelper: redactConfigText(raw.headersHelper) } : {}),
  };
}

/** Codex's per-server tool settings: which tools are on, and which run without asking. */
function toolApproval(raw: Record<string, unknown>): Pick<McpServerSpec, "toolApproval"> {
  const perTool: Record<string, string> = {};
  if (isRecord(raw.tools)) {
    for (const [tool, settings] of Object.entries(raw.tools)) {
      if (isRecord(settings) && typeof settings.approval_mode === "string") perTool[tool] = settings.approval_mode;
    }
  }
  const defaultMode = typeof raw.default_tools_approval_mode === "string" ? raw.default_tools_approval_mode : undefined;
  const enabledTools = Array.isArray(raw.enabled_tools) ? stringList(raw.enabled_tools) : undefined;
  const disabledTools = Array.isArray(raw.disabled_tools) ? stringList(raw.disabled_tools) : undefined;
  // Cline and Roo list tools that run without confirmation; Gemini's `trust: true` skips it for every tool.
  const autoApprove = [...stringList(raw.autoApprove), ...stringList(raw.alwaysAllow)];
  if (!defaultMode && Object.keys(perTool).length === 0 && !enabledTools && !disabledTools && autoApprove.length === 0 && raw.trust !== true) return {};
  return {
    toolApproval: {
      ...(defaultMode ? { defaultMode } : {}),
      ...(Object.keys(perTool).length > 0 ? { perTool } : {}),
      ...(enabledTools ? { enabledTools } : {}),
      ...(disabledTools ? { disabledTools } : {}),
      ...(autoApprove.length > 0 ? { autoApprove } : {}),
      ...(raw.trust === true ? { trusted: true } : {}),
    },
  };
}

/** Servers listed as `{ name: {…} }` (most agents) or `[{ name, … }]` (Continue). */
export function readMcpServerMap(value: unknown, source: ConfigSource): McpServerSpec[] {
  if (Array.isArray(value)) {
    return value
      .filter((item): item is Record<string, unknown> => isRecord(item) && !isIncomplete(item))
      .map((item, index) => readMcpServer(typeof item.name === "string" ? item.name : `server-${index + 1}`, item, source));
  }
  if (!isRecord(value)) return [];
  return Object.entries(value)
    .filter((entry): entry is [string, Record<string, unknown>] => isRecord(entry[1]) && !isIncomplete(entry[1]))
    .map(([name, raw]) => readMcpServer(name, raw, source));
}

/** Where each dialect may keep its servers, besides the key its agent documents. */
const SERVER_KEYS: readonly (readonly string[])[] = [["mcpServers"], ["servers"], ["mcp_servers"], ["mcp", "servers"], ["mcp", "mcpServers"]];

function at(value: Record<string, unknown>, keys: readonly string[]): unknown {
  let current: unknown = value;
  for (const key of keys) current = isRecord(current) ? current[key] : undefined;
  return current;
}

/**
 * The server map of a config: under the key its agent documents, or else under another agent's key
 * (`servers` in a Cursor file, a `{"mcp": {"servers": …}}` fragment copied from VS Code settings), read with a
 * warning since the agent itself may ignore it.
 */
export function serverMapOf(config: { file: string; value: unknown }, expected: readonly (readonly string[])[], warn: (warning: CollectorWarning) => void): unknown {
  if (!isRecord(config.value)) return undefined;
  for (const keys of expected) {
    const found = at(config.value, keys);
    if (found !== undefined) return found;
  }
  for (const keys of SERVER_KEYS) {
    const found = at(config.value, keys);
    if (!isRecord(found) && !Array.isArray(found)) continue;
    warn({
      code: "workspace:unexpected_format",
      message: `${config.file}: MCP servers under "${keys.join(".")}", where this agent reads ${expected.map((item) => `"${item.join(".")}"`).join(" or ")}; read them anyway (the agent may ignore them)`,
      location: { file: config.file },
    });
    return found;
  }
  return undefined;
}

/** An `env` block in an agent's own settings (Claude Code's `settings.json`): each value scanned, secret names kept. */
export function readEnvBlock(env: unknown, prefix = "env"): { inlineValues: InlineValue[]; references: SecretReference[] } {
  const inlineValues: InlineValue[] = [];
  const references: SecretReference[] = [];
  for (const [key, value] of Object.entries(stringRecord(env))) {
    const where = `${prefix}.${key}`;
    const split = splitReferences(value, where);
    references.push(...split.references);
    if (split.references.length > 0 || split.literal.trim().length === 0) continue;
    inlineValues.push({ path: where, name: key, value }, ...secretUnderName(key, value, where));
  }
  return { inlineValues, references };
}
