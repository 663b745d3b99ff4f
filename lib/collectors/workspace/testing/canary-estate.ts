/**
 * A workspace written the messy way public repositories write agent configs (comments, trailing commas, CRLF,
 * tabs, JSON inside arguments, secrets pasted where a variable should be), with a unique canary secret in
 * every secret position: known shapes and shapes no detector knows. Tests collect it, store it and print it,
 * and grep every output for each canary.
 */
import fs from "node:fs";
import path from "node:path";
import { createFakeSecrets } from "@/lib/credentials/testing/fake-secrets";

const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const HEX = "0123456789abcdef";

export interface CanaryEstate {
  root: string;
  home: string;
  /** Position → the planted secret (the exact value the position hands over). */
  canaries: Record<string, string>;
}

function write(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

export function plantCanaryEstate(dir: string, seed = Date.now() % 2 ** 31): CanaryEstate {
  const { pick, jwt, uuid } = createFakeSecrets(seed);
  // Unknown shapes: random, with a digit, so they look issued; each starts with a tag that makes a leak readable.
  const unknown = (tag: string) => `${tag}${pick(ALNUM, 26)}${pick("0123456789", 2)}`;
  const canaries: Record<string, string> = {
    perplexityInJsonArg: `pplx-${pick(ALNUM, 47)}3`,
    githubInEnv: `ghp_${pick(ALNUM, 36)}`,
    resendInAuthHeader: `re_${pick(ALNUM, 7)}5_${pick(ALNUM, 24)}`,
    mollieAfterApiKeyFlag: `live_${pick(ALNUM, 29)}8`,
    context7AfterApiKeyFlag: `ctx7sk-${uuid()}`,
    supabasePatAfterTokenFlag: `sbp_v0_${pick(HEX, 40)}`,
    serviceRoleJwtInEnv: jwt({ iss: "supabase-demo", role: "service-role", exp: 1983812996 }),
    obsidianHexInEnv: pick(HEX, 64),
    unknownEnvToken: unknown("Ue"),
    unknownApiKeyHeader: unknown("Uh"),
    unknownAfterDashT: unknown("Ut"),
    unknownAfterPassword: unknown("Up"),
    unknownInlineSecretFlag: unknown("Ui"),
    unknownInJsonArg: unknown("Uj"),
    unknownUrlPassword: unknown("Uw"),
    unknownQueryToken: unknown("Uq"),
    unknownPathSegment: unknown("Us"),
    unknownDockerEnvArg: unknown("Ud"),
    unknownClaudeEnvBlock: unknown("Uc"),
    unknownApiKeyHelper: unknown("Ua"),
    unknownHookCommand: unknown("Uk"),
    unknownPermissionRule: unknown("Ur"),
    unknownCodexBearer: unknown("Ux"),
    unknownCodexEnv: unknown("Uy"),
    unknownStrayDesktopConfig: unknown("Uz"),
    unknownDotenvReference: unknown("Uv"),
    unknownGeminiHeader: unknown("Ug"),
    unknownContinueYaml: unknown("Un"),
    unknownWindsurfEnv: unknown("Uf"),
  };
  const c = canaries;
  const home = path.join(dir, "home");
  const root = path.join(dir, "code");
  const shop = path.join(root, "shop");
  const docs = path.join(root, "docs-site");

  write(path.join(home, ".keep"), "");
  // Claude Code, project scope: JSONC with comments and trailing commas, CRLF line endings.
  write(
    path.join(shop, ".mcp.json"),
    [
      "{",
      "  // servers for the shop",
      '  "mcpServers": {',
      `    "perplexity": { "command": "npx", "args": ["-y", "@smithery/cli@latest", "run", "server-perplexity-ask", "--config", ${JSON.stringify(JSON.stringify({ perplexityApiKey: c.perplexityInJsonArg, apiKey: c.unknownInJsonArg }))}], },`,
      `    "github": { "command": "docker", "args": ["run", "-i", "--rm", "-e", "SERVICE_API_KEY=${c.unknownDockerEnvArg}", "ghcr.io/github/github-mcp-server"], "env": { "GITHUB_PERSONAL_ACCESS_TOKEN": "${c.githubInEnv}", }, },`,
      `    "mail": { "type": "http", "url": "https://mcp.resend.example/mcp", "headers": { "Authorization": "Bearer ${c.resendInAuthHeader}", "X-API-Key": "${c.unknownApiKeyHeader}" } },`,
      `    "payments": { "command": "npx", "args": ["-y", "@mollie/mcp", "--api-key", "${c.mollieAfterApiKeyFlag}", "-t", "${c.unknownAfterDashT}"] },`,
      `    "db": { "command": "uvx", "args": ["db-mcp", "--password", "${c.unknownAfterPassword}", "--secret=${c.unknownInlineSecretFlag}"] },`,
      `    "remote": { "url": "https://bot:${c.unknownUrlPassword}@mcp.example.com/s/${c.unknownPathSegment}/sse?token=${c.unknownQueryToken}&region=eu" },`,
      `    "supabase": { "command": "npx", "args": ["-y", "@supabase/mcp-server-supabase@latest", "--access-token", "${c.supabasePatAfterTokenFlag}"], "env": { "SUPABASE_SERVICE_ROLE_KEY": "${c.serviceRoleJwtInEnv}" } },`,
      `    "notes": { "command": "uvx", "args": ["mcp-obsidian"], "env": { "OBSIDIAN_API_KEY": "${c.obsidianHexInEnv}", "OBSIDIAN_HOST": "127.0.0.1" } },`,
      `    "internal": { "command": "node", "args": ["./tools/mcp.js"], "env": { "INTERNAL_API_TOKEN": "${c.unknownEnvToken}", "DOCS_KEY": "\${DOCS_KEY}" } },`,
      "  },",
      "}",
    ].join("\r\n"),
  );
  write(path.join(shop, ".env"), `# docs search\nDOCS_KEY=${c.unknownDotenvReference}\n`);
  write(
    path.join(shop, ".claude", "settings.json"),
    JSON.stringify(
      {
        env: { DEPLOY_TOKEN: c.unknownClaudeEnvBlock },
        apiKeyHelper: `echo ${c.unknownApiKeyHelper}`,
        permissions: { allow: [`Bash(curl -H "Authorization: Bearer ${c.unknownPermissionRule}" https://api.example.com/*)`, "Bash(npm run test:*)"] },
        hooks: { PreToolUse: [{ matcher: "Bash", hooks: [{ type: "command", command: `API_TOKEN=${c.unknownHookCommand} ./scripts/guard.sh` }] }] },
      },
      null,
      "\t",
    ),
  );
  // Cursor, with the context7 key pasted in place of the documented variable.
  write(path.join(shop, ".cursor", "mcp.json"), JSON.stringify({ mcpServers: { context7: { command: "npx", args: ["-y", "@upstash/context7-mcp", "--api-key", c.context7AfterApiKeyFlag] } } }));
  // Codex, TOML.
  write(
    path.join(shop, ".codex", "config.toml"),
    ["[mcp_servers.tracker]", 'url = "https://tracker.example.com/mcp"', `bearer_token = "${c.unknownCodexBearer}"`, "", "[mcp_servers.search.env]", `SEARCH_API_KEY = "${c.unknownCodexEnv}"`, ""].join("\n"),
  );
  // Gemini CLI.
  write(path.join(shop, ".gemini", "settings.json"), JSON.stringify({ mcpServers: { maps: { httpUrl: "https://maps.example.com/mcp", headers: { "x-goog-api-key": c.unknownGeminiHeader } } } }));
  // Continue, YAML block.
  write(path.join(shop, ".continue", "mcpServers", "search.yaml"), `name: search\nversion: 0.0.1\nschema: v1\nmcpServers:\n  - name: search\n    command: npx\n    args: ["-y", "search-mcp"]\n    env:\n      SEARCH_API_KEY: "${c.unknownContinueYaml}"\n`);
  // A second project: Windsurf-style config committed, and a Claude Desktop config no agent reads.
  write(path.join(docs, ".windsurf", "hooks.json"), JSON.stringify({ hooks: { pre_run_command: [{ command: "python3 hooks/check.py" }] } }));
  write(path.join(docs, "mcp_config.json"), JSON.stringify({ mcpServers: { crm: { command: "crm-mcp", env: { CRM_API_KEY: c.unknownWindsurfEnv } } } }));
  write(path.join(docs, "examples", "claude_desktop_config.json"), JSON.stringify({ mcpServers: { search: { command: "npx", args: ["search"], env: { BRAVE_API_KEY: c.unknownStrayDesktopConfig } } } }));
  return { root, home, canaries };
}
