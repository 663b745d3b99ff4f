/**
 * The words of a reason, in one place: an action as a person says it ("volumeDelete" → "delete", "DROP
 * TABLE" → "drop tables in"), a resource without the provider the credential already names, and what dies
 * with it ("volume backups" of "every volume" → "their backups die with them"). decide.ts assembles them.
 */
import { identifierWords } from "@/lib/guard/identifier-words";

export const PROVIDER_LABEL: Record<string, string> = {
  railway: "Railway", postgres: "Postgres", github: "GitHub", kubernetes: "Kubernetes", aws: "AWS", neon: "Neon", supabase: "Supabase",
  vercel: "Vercel", cloudflare: "Cloudflare", stripe: "Stripe", anthropic: "Anthropic", openai: "OpenAI", npm: "npm", fly: "Fly.io", gcloud: "Google Cloud",
};

export function providerLabel(provider: string | undefined): string | undefined {
  return provider ? (PROVIDER_LABEL[provider] ?? provider) : undefined;
}

/** SQL actions (sql-statements.ts) as verbs placed before the database they act in. */
const SQL_VERBS: Record<string, string> = {
  "DROP DATABASE": "drop",
  "DROP TABLE": "drop tables in",
  "DROP SCHEMA": "drop schemas in",
  "DROP VIEW": "drop views in",
  "DROP INDEX": "drop indexes in",
  TRUNCATE: "empty tables in",
  DELETE: "delete rows in",
  "UPDATE without WHERE": "overwrite rows in",
  "ALTER TABLE … DROP COLUMN": "drop columns in",
  "DROP ROLE": "drop roles in",
};

const VERBS = new Set([
  "delete", "destroy", "drop", "remove", "purge", "truncate", "reset", "wipe", "erase", "prune", "terminate", "revoke", "rotate", "transfer",
  "archive", "disable", "detach", "rename", "restore", "update", "create", "add", "grant", "invite", "attach", "set", "rm", "rb", "unpublish",
]);
const VERB_WORDS: Record<string, string> = { rm: "remove", rb: "remove" };

/** The words of an action other than its verb: "volumeDelete" → ["volume"], "s3:DeleteBucket" → ["bucket"]. */
export function actionNouns(action: string): string[] {
  return identifierWords(action.replace(/^[a-z0-9-]+:/, "")).filter((w) => !VERBS.has(w));
}

/**
 * How a person says the action, as a verb to put before what it acts on: "volumeDelete" → "delete",
 * "DROP TABLE" → "drop tables in", "s3:DeleteBucket" → "delete", "delete namespaces" → "delete",
 * "forcePushDefaultBranch" → "force-push". Unknown shapes come back as they are.
 */
export function actionVerb(action: string): string {
  if (SQL_VERBS[action]) return SQL_VERBS[action];
  if (/^DROP [A-Z ]+$/.test(action)) return `drop ${action.slice(5).toLowerCase()}s in`;
  const words = identifierWords(action.replace(/^[a-z0-9-]+:/, ""));
  if (words[0] === "force" && words[1] === "push") return "force-push";
  const verb = words.find((w) => VERBS.has(w));
  return verb ? (VERB_WORDS[verb] ?? verb) : action;
}

/**
 * A catalogue name carries its token's preview ("every Railway volume this token can see (fa4e…cafe)", so
 * two tokens' resources are told apart); a reason names the token already, so the preview goes.
 */
export function withoutTokenPreview(name: string, preview: string | undefined): string {
  return preview ? name.split(` (${preview})`).join("") : name;
}

/** "every Railway volume this token can see" with the credential's provider already said → "every volume this token can see". */
export function resourceWithoutProvider(name: string, provider: string | undefined): string {
  const label = providerLabel(provider);
  if (!label) return name;
  return name.replace(new RegExp(`\\b${label.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} `, "i"), "");
}

/** Whether a resource description names many ("every volume …", "all projects …"). */
export function isPlural(resource: string): boolean {
  return /^(every|all|each)\b/i.test(resource);
}

/**
 * What dies with the resource, as a clause: ["volume backups"] of the volumes → "their backups die with
 * them"; ["branches and point-in-time-restore history"] of one project → "its branches and point-in-time-
 * restore history die with it".
 */
export function diesClause(dies: string[], nouns: string[], plural: boolean): string {
  if (dies.length === 0) return "";
  const owner = plural ? "their" : "its";
  const items = dies.map((d) => {
    const words = d.split(" ");
    const first = identifierWords(words[0])[0];
    const rest = words.length > 1 && first && nouns.includes(first) ? words.slice(1).join(" ") : d;
    return `${owner} ${rest}`;
  });
  const list = items.length === 1 ? items[0] : `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
  return `${list} die with ${plural ? "them" : "it"}`;
}

/** A target worth naming in the head of a reason: a table, a namespace, a path, not an argument dump ("volumeId: v"). */
export function namedTarget(target: string | undefined): string | undefined {
  if (!target || /^[\w.-]+: /.test(target)) return undefined;
  return target;
}
