/**
 * GitHub Actions workflows (`.github/workflows/*.yml`): each workflow is a CI bot that runs with the
 * repository checked out, the `secrets.X` it names, and the token `permissions:` grant (plus an OIDC token
 * with `id-token: write`). Nobody approves its steps, so its approval mode is "never".
 */
import path from "node:path";
import { isRecord } from "../mcp-server";
import type { LoadedConfig } from "../read";
import type { AgentSpec, SecretReference } from "../types";
import { emptyRules } from "../types";
import type { DiscoverContext } from "./context";

/** Actions that put an AI agent inside the workflow. */
const AI_ACTIONS = /^(anthropics\/claude-code-action|anthropics\/claude-code-base-action|openai\/codex-action|google-github-actions\/run-gemini-cli|coderabbitai\/|cursor\/)/i;

type Permissions = string | Record<string, string>;

function readPermissions(value: unknown): Permissions | undefined {
  if (typeof value === "string") return value;
  if (!isRecord(value)) return undefined;
  const out: Record<string, string> = {};
  for (const [scope, level] of Object.entries(value)) if (typeof level === "string") out[scope] = level;
  return out;
}

export function readWorkflow(config: LoadedConfig, root: string): AgentSpec {
  const value = isRecord(config.value) ? config.value : {};
  const jobs = isRecord(value.jobs) ? value.jobs : {};
  const permissions: Record<string, Permissions> = {};
  const top = readPermissions(value.permissions);
  if (top) permissions["*"] = top;
  const uses: string[] = [];
  const environments: string[] = [];
  for (const [jobName, job] of Object.entries(jobs)) {
    if (!isRecord(job)) continue;
    const jobPermissions = readPermissions(job.permissions);
    if (jobPermissions) permissions[jobName] = jobPermissions;
    const environment = isRecord(job.environment) ? job.environment.name : job.environment;
    if (typeof environment === "string") environments.push(environment);
    const steps = Array.isArray(job.steps) ? job.steps : [];
    for (const step of steps) if (isRecord(step) && typeof step.uses === "string") uses.push(step.uses);
  }
  const grants = Object.values(permissions);
  const idTokenWrite = grants.some((grant) => grant === "write-all" || (typeof grant !== "string" && grant["id-token"] === "write"));
  // Without a permissions block the token gets the repository's default, which may be read-write.
  const tokenPermissions = grants.length === 0 ? "repository default" : permissions;

  const secretNames = [...new Set([...config.text.matchAll(/secrets\.([A-Za-z_][A-Za-z0-9_]*)/g)].map((match) => match[1]))];
  const references: SecretReference[] = secretNames.map((name) => ({ name, via: "ci-secret", path: "secrets" }));
  const on = value.on;
  const triggers = typeof on === "string" ? [on] : Array.isArray(on) ? on.map(String) : isRecord(on) ? Object.keys(on) : [];
  const relative = path.relative(root, config.file);
  return {
    kind: "github-actions",
    scope: config.file,
    name: `GitHub Actions: ${typeof value.name === "string" ? value.name : relative}`,
    configFiles: [config.file],
    workspaceRoot: root,
    additionalDirectories: [],
    approvalMode: "never",
    // Steps run any shell command on the runner, but the runner's home is not the developer's.
    unrestrictedShell: true,
    readsHome: false,
    sandbox: false,
    rules: emptyRules(),
    mcpServers: [],
    inlineValues: [],
    references,
    extra: {
      workflow: relative,
      triggers,
      tokenPermissions,
      idTokenWrite,
      secretsReferenced: secretNames,
      environments: [...new Set(environments)],
      aiActions: [...new Set(uses.filter((action) => AI_ACTIONS.test(action)))],
      // pull_request_target runs with secrets on code from forks.
      untrustedTrigger: triggers.includes("pull_request_target") || triggers.includes("workflow_run"),
    },
  };
}

export async function discoverGithubActions(ctx: DiscoverContext): Promise<AgentSpec[]> {
  const agents: AgentSpec[] = [];
  for (const root of ctx.roots) {
    const dir = path.join(root, ".github", "workflows");
    for (const name of await ctx.loader.list(dir)) {
      if (!/\.ya?ml$/i.test(name)) continue;
      const config = await ctx.loader.load(path.join(dir, name), "yaml");
      if (config) agents.push(readWorkflow(config, root));
    }
  }
  return agents;
}
