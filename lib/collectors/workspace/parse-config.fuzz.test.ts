/**
 * Fuzz: agent config files (JSON/JSONC, TOML, YAML) are committed by anyone. Parsing any text returns a
 * value and warnings (a file is never fatal to a sweep), never throws, and no warning quotes a secret.
 */
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { loadBashParser } from "@/lib/guard/shell/parse-bash";
import { expectCleanWarnings, FUZZ_CANARY, fuzzOptions, fuzzText } from "@/lib/testing/fuzz";
import { readHooks } from "./agents/hooks";
import { parseConfigText, type ConfigFormat } from "./parse-config";

const SAMPLES: Record<ConfigFormat, string[]> = {
  jsonc: [
    `{ // cursor\n "mcpServers": { "gh": { "command": "npx", "args": ["-y", "server-github"], "env": { "GITHUB_TOKEN": "${FUZZ_CANARY}" } } } }`,
    `{ "permissions": { "allow": ["Bash(git *)"], "deny": ["Read(.env)"] }, "hooks": { "PreToolUse": [{ "matcher": "Bash", "hooks": [{ "type": "command", "command": "blastmap guard hook --agent claude-code" }] }] } }`,
    `{ "servers": { "db": { "type": "stdio", "command": "uvx", "args": ["postgres-mcp", "postgres://u:${FUZZ_CANARY}@h/db"] } }, }`,
  ],
  toml: [
    `approval_policy = "never"\nsandbox_mode = "danger-full-access"\n[mcp_servers.gh]\ncommand = "npx"\nargs = ["-y", "server-github"]\nenv = { GITHUB_TOKEN = "${FUZZ_CANARY}" }\n`,
    `[profiles.ci]\nmodel = "o3"\n[[hooks.pre]]\ncommand = "echo"\n`,
  ],
  yaml: [
    `name: ci\non: [push]\njobs:\n  agent:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: anthropics/claude-code-action@v1\n        with:\n          anthropic_api_key: ${FUZZ_CANARY}\n          claude_args: --dangerously-skip-permissions\n`,
    `mcpServers:\n  - name: gh\n    command: npx\n    env:\n      TOKEN: "${FUZZ_CANARY}"\n`,
  ],
};

describe("agent config parsers, fuzzed", () => {
  // Hook commands are read with the shell parser, which discoverAgents loads before any config is read.
  beforeAll(() => loadBashParser());

  for (const format of ["jsonc", "toml", "yaml"] as const) {
    it(`any ${format} text gives a value and clean warnings, never an exception`, () => {
      fc.assert(
        fc.property(fuzzText(SAMPLES[format]), (text) => {
          const parsed = parseConfigText(text, `fuzz.${format}`, format);
          expect(Array.isArray(parsed.warnings)).toBe(true);
          expectCleanWarnings(parsed.warnings);
          // The hook reader walks whatever came out: it must take any shape.
          readHooks(parsed.value, `fuzz.${format}`);
          if (parsed.value && typeof parsed.value === "object") readHooks((parsed.value as { hooks?: unknown }).hooks, `fuzz.${format}`);
        }),
        fuzzOptions,
      );
    });
  }
});
