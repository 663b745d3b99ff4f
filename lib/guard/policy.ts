/**
 * The guard's policy: what each class of operation gets, and allow-lists by agent, workspace and resource.
 * Defaults are built in; a file overrides them (JSON or YAML, validated against guardPolicySchema, whose
 * JSON Schema is lib/guard/policy.schema.json). Looked up in order: BLASTMAP_GUARD_POLICY, then
 * `.blastmap/guard-policy.{json,yaml,yml}` in the call's workspace, then `~/.blastmap/guard/policy.{json,yaml,yml}`.
 *
 * A policy file that cannot be read as a policy is reported, the built-in defaults apply, and every call
 * they would not allow is blocked outright (decide.ts): the file may have held stricter rules, so the
 * guard fails closed for what destroys and stays open for what is harmless.
 *
 * Kept light on purpose: the hook loads this on every call, so it uses zod/mini (a few kB) and
 * imports the YAML parser only when the policy file is YAML.
 */
import fs from "node:fs";
import path from "node:path";
import * as z from "zod/mini";

const ANSWERS = ["allow", "ask", "approval", "deny"] as const;
const answer = z.enum(ANSWERS).check(z.describe("allow: run it; ask: the agent asks the person (deny where the agent cannot ask); approval: deny until a person approves; deny: never"));
const text = (description: string) => z.optional(z.string().check(z.describe(description)));

const allowRuleSchema = z
  .strictObject({
    agent: text("claude-code, cursor, gemini, codex, copilot or windsurf"),
    workspace: text("an absolute directory: calls whose working directory is inside it"),
    provider: text("railway, postgres, kubernetes, aws, github, files…"),
    action: text("the operation as the reason names it, e.g. volumeDelete, DROP TABLE"),
    resource: text("a substring of the target the reason names, e.g. a table or namespace"),
    reason: text("why this is allowed, for the log"),
  })
  .check(z.describe("allows the operations that match every field given"));

const classesSchema = z
  .partial(z.strictObject({ D1: answer, D2: answer, D3: answer, D4: answer, D5: answer, W: answer, R: answer }))
  .check(z.describe("what each action class gets; unset classes keep the defaults (D1/D2 approval, D3–D5 ask, W/R allow)"));

const logSchema = z
  .strictObject({
    enabled: z._default(z.boolean(), true),
    file: text("where decisions are appended as JSON lines (default ~/.blastmap/guard/decisions.jsonl)"),
  })
  .check(z.describe("the local decision log"));

export const guardPolicySchema = z
  .strictObject({
    $schema: z.optional(z.string()),
    classes: z._default(classesSchema, {}),
    unknownCodeWithCredential: z._default(answer, "ask").check(z.describe("code the guard cannot see, run while a credential is in reach")),
    outsideWorkspaceWrite: z._default(answer, "deny").check(z.describe("a write with a credential found outside the agent's workspace")),
    allow: z._default(z.array(allowRuleSchema), []).check(z.describe("operations allowed whatever their class")),
    log: z._default(logSchema, { enabled: true }),
  })
  .check(z.describe("Blastmap guard policy (blastmap guard hook)"));

export type GuardPolicy = z.infer<typeof guardPolicySchema>;
export type PolicyAnswer = (typeof ANSWERS)[number];
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
  /** The file could not be used; the defaults apply and destructive calls are blocked outright. */
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

/** One sentence per issue, because zod/mini carries no messages of its own ("Invalid input"). */
function describeIssue(issue: z.core.$ZodIssue): string {
  const where = issue.path.map(String).join(".") || "(top level)";
  switch (issue.code) {
    case "unrecognized_keys":
      return `${where} has unknown ${issue.keys.length === 1 ? "key" : "keys"} ${issue.keys.join(", ")}`;
    case "invalid_value":
      return `${where} must be one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`;
    case "invalid_type":
      return `${where} must be ${/^[aeiou]/.test(issue.expected) ? "an" : "a"} ${issue.expected}`;
    default:
      return `${where} is invalid (${issue.code})`;
  }
}

/** Parses policy text; the error says what is wrong and where, for the reason and the log. */
export async function parsePolicy(text: string, file: string): Promise<{ ok: true; policy: GuardPolicy } | { ok: false; error: string }> {
  let raw: unknown;
  try {
    if (/\.ya?ml$/i.test(file)) {
      const { parse } = await import("yaml");
      raw = parse(text);
    } else raw = JSON.parse(text);
  } catch (error) {
    return { ok: false, error: `does not parse as ${/\.ya?ml$/i.test(file) ? "YAML" : "JSON"} (${(error as Error).message.split("\n")[0].slice(0, 100)})` };
  }
  const parsed = guardPolicySchema.safeParse(raw ?? {});
  if (parsed.success) return { ok: true, policy: parsed.data };
  return { ok: false, error: `is invalid: ${parsed.error.issues.slice(0, 3).map(describeIssue).join("; ")}` };
}

export async function loadPolicy(env: Record<string, string | undefined>, cwd: string, workspaceRoots: string[]): Promise<LoadedPolicy> {
  for (const file of candidates(env, cwd, workspaceRoots)) {
    let content: string;
    try {
      content = fs.readFileSync(file, "utf8");
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "ENOENT" || code === "ENOTDIR") continue;
      return { policy: defaultPolicy(), file, fault: `The guard policy ${file} cannot be read (${code ?? "error"}), so the built-in defaults apply` };
    }
    const parsed = await parsePolicy(content, file);
    if (parsed.ok) return { policy: parsed.policy, file };
    return { policy: defaultPolicy(), file, fault: `The guard policy ${file} ${parsed.error}, so the built-in defaults apply` };
  }
  return { policy: defaultPolicy() };
}

/** The policy's JSON Schema, for editors (`"$schema"`) and the README; policy.schema.json is this, written out. */
export function guardPolicyJsonSchema(): Record<string, unknown> {
  return { ...z.toJSONSchema(guardPolicySchema, { io: "input" }), title: "Blastmap guard policy" } as Record<string, unknown>;
}
