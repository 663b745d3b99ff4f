/**
 * `blastmap <command> --help`: each command's own usage, printed on stdout with exit 0. Commands not listed
 * here handle --help themselves.
 */
const COLLECTORS: Record<string, string> = {
  workspace: `blastmap collect workspace --root DIR [--root DIR…] [--home DIR] [--machine NAME] [--skip-dir NAME…] [--max-depth N] [--out FILE]
  Walks each root for projects (folders holding .claude/, .mcp.json, .cursor/, .vscode/mcp.json, .codex/,
  .gemini/, .windsurf/, .continue/, or a workflow running an AI agent action) and collects their agents,
  MCP servers, hooks, permissions, what each can read and every credential in it. Secrets are never
  printed: only keyed fingerprints and redacted previews.
  --home DIR       the user's home folder (default: yours): user-level agent configs and credential stores
  --skip-dir NAME  a folder name never entered (repeatable; node_modules, .git, vendor… always are)
  --max-depth N    how deep under a root to look for projects (default 6)`,
  "aws-iam": `blastmap collect aws-iam --file AUTHZ.json [--access-keys KEYS.json] [--out FILE]
  Reads \`aws iam get-account-authorization-details\` output (and \`aws iam list-access-keys\` output).`,
  postgres: `blastmap collect postgres --url postgres://user@host:5432/db [--database NAME…] [--out FILE]
  Reads roles, memberships, ownership and table privileges of a live server.`,
  kubernetes: `blastmap collect kubernetes --manifests DIR --cluster https://api.example:6443 | [--kubeconfig FILE] [--context NAME] [--out FILE]
  Reads RBAC from a folder of manifests, or from a live cluster through a kubeconfig.`,
  inventory: `blastmap collect inventory --file INVENTORY.json [--out FILE]
  Reads a documented JSON inventory (lib/collectors/inventory/FORMAT.md).`,
};

const PUSH_OPTIONS = `  … --push --server URL --token TOKEN --source NAME_OR_ID   send the batch to a server as a sweep instead
  (--server and --token default to BLASTMAP_SERVER and BLASTMAP_TOKEN)`;

const COMMANDS: Record<string, string> = {
  collect: `blastmap collect <collector> [options] [--out FILE]
  Runs a collector here and writes its batch as JSON (stdout, or --out FILE). Collectors:
${Object.values(COLLECTORS)
  .map((usage) => `    ${usage.split("\n")[0]}`)
  .join("\n")}
${PUSH_OPTIONS}
  blastmap collect <collector> --help shows one collector's options.`,
  push: `blastmap push FILE [--source NAME_OR_ID] --server URL --token TOKEN
  Sends a batch file to a server (gzipped) as one sweep of the source (default: the file name without
  extension). --server and --token default to BLASTMAP_SERVER and BLASTMAP_TOKEN.`,
  ingest: `blastmap ingest FILE… [--source NAME]
  Validates and loads batches into the database, one sweep per file and source, then analyses.`,
  analyze: `blastmap analyze
  Recomputes reach and findings.`,
  agents: `blastmap agents [--json]
  Every agent, with how many D1 / D2 actions it reaches.`,
  reach: `blastmap reach --agent NAME_OR_ID [--json]
  What one agent can reach, with paths.`,
  findings: `blastmap findings [--json] [--severity LEVEL] [--rule ID] [--status STATUS]
  Findings, filtered.`,
};

/** True when the arguments ask for help (before any `--`). */
export function asksForHelp(args: string[]): boolean {
  const end = args.indexOf("--");
  return (end < 0 ? args : args.slice(0, end)).some((arg) => arg === "--help" || arg === "-h");
}

/** The usage of `blastmap <command> [args]`, or undefined for a command that answers --help itself. */
export function commandUsage(command: string, args: string[]): string | undefined {
  if (command === "collect") {
    const collector = args.find((arg) => !arg.startsWith("-"));
    if (collector && COLLECTORS[collector]) return `${COLLECTORS[collector]}\n${PUSH_OPTIONS}\n`;
  }
  const usage = COMMANDS[command];
  return usage ? `${usage}\n` : undefined;
}
