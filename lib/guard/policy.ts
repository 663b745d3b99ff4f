/**
 * The guard's policy: what each class of operation gets, and allow-lists by agent, workspace and resource.
 * Defaults are built in; a file overrides them (JSON or YAML, validated against guardPolicySchema, whose
 * JSON Schema is lib/guard/policy.schema.json). Looked up in order: BLASTMAP_GUARD_POLICY, then
 * `.blastmap/guard-policy.{json,yaml,yml}` in the call's workspace, then `~/.blastmap/guard/policy.{json,yaml,yml}`.
 * A policy file that does not parse is reported and the defaults apply (they are the strict ones).
 */
import fs from "node:fs";
import path from "node:path";
import { parse as parseYaml } from "yaml";
import { z } from "zod";

const answer = z.enum(["allow", "ask", "approval", "deny"]).describe("allow: run it; ask: the agent asks the person (deny where the agent cannot ask); approval: deny until approved; deny: never");

const allowRuleSchema = z
  .object({
    agent: z.string().optional().describe("claude-code, cursor, gemini, codex, copilot or windsurf"),
    workspace: z.string().optional().describe("an absolute directory: calls whose cwd is inside it"),
    provider: z.string().optional().describe("railway, postgres, kubernetes, aws, github, files…"),
    action: z.string().optional().describe("the operation as the reason names it, e.g. volumeDelete, DROP TABLE"),
    resource: z.string().optional().describe("a substring of the target the reason names, e.g. a table or namespace"),
    reason: z.string().optional().describe("why this is allowed, for the log"),
  })
  .strict();

export const guardPolicySchema = z
  .object({
    $schema: z.string().optional(),
    classes: z
      .object({ D1: answer, D2: answer, D3: answer, D4: answer, D5: answer, W: answer, R: answer })
      .partial()
      .default({})
      .describe("what each action class gets"),
    unknownCodeWithCredential: answer.default("ask").describe("code the guard cannot see, run while a credential is in reach"),
    outsideWorkspaceWrite: answer.default("deny").describe("a write with a credential found outside the agent's workspace"),
    allow: z.array(allowRuleSchema).default([]).describe("operations allowed whatever their class"),
    log: z.object({ enabled: z.boolean().default(true), file: z.string().optional() }).strict().default({ enabled: true }),
  })
  .strict();

export type GuardPolicy = z.infer<typeof guardPolicySchema>;
export type PolicyAnswer = z.infer<typeof answer>;
export type AllowRule = z.infer<typeof allowRuleSchema>;

export const DEFAULT_CLASS_ANSWERS: Record<"D1" | "D2" | "D3" | "D4" | "D5" | "W" | "R", PolicyAnswer> = {
  D1: "approval",
  D2: "approval",
  D3: "ask",
  D4: "ask",
  D5: "ask",
  W: "allow",
  R: "allow",
};

export function defaultPolicy(): GuardPolicy {
  return guardPolicySchema.parse({});
}

export function classAnswer(policy: GuardPolicy, cls: keyof typeof DEFAULT_CLASS_ANSWERS): PolicyAnswer {
  return policy.classes[cls] ?? DEFAULT_CLASS_ANSWERS[cls];
}

export interface LoadedPolicy {
  policy: GuardPolicy;
  file?: string;
  fault?: string;
}

function candidates(env: Record<string, string | undefined>, cwd: string, workspaceRoots: string[]): string[] {
  if (env.BLASTMAP_GUARD_POLICY) return [path.resolve(cwd, env.BLASTMAP_GUARD_POLICY)];
  const names = ["guard-policy.json", "guard-policy.yaml", "guard-policy.yml"];
  const roots = [...new Set([...workspaceRoots, cwd])];
  const home = env.HOME;
  return [
    ...roots.flatMap((root) => names.map((n) => path.join(root, ".blastmap", n))),
    ...(home ? ["policy.json", "policy.yaml", "policy.yml"].map((n) => path.join(home, ".blastmap", "guard", n)) : []),
  ];
}

export function loadPolicy(env: Record<string, string | undefined>, cwd: string, workspaceRoots: string[]): LoadedPolicy {
  for (const file of candidates(env, cwd, workspaceRoots)) {
    let text: string;
    try {
      text = fs.readFileSync(file, "utf8");
    } catch {
      continue;
    }
    try {
      const raw = /\.ya?ml$/.test(file) ? parseYaml(text) : JSON.parse(text);
      const parsed = guardPolicySchema.safeParse(raw ?? {});
      if (parsed.success) return { policy: parsed.data, file };
      const issue = parsed.error.issues[0];
      return { policy: defaultPolicy(), file, fault: `the guard policy ${file} is invalid at ${issue.path.join(".") || "(top level)"}: ${issue.message}; the built-in defaults apply` };
    } catch (error) {
      return { policy: defaultPolicy(), file, fault: `the guard policy ${file} does not parse (${(error as Error).message.slice(0, 100)}); the built-in defaults apply` };
    }
  }
  return { policy: defaultPolicy() };
}

/** The policy's JSON Schema, for editors (`"$schema"`) and the README. */
export function guardPolicyJsonSchema(): unknown {
  return z.toJSONSchema(guardPolicySchema, { io: "input" });
}
