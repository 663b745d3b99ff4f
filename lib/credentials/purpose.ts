/**
 * The evident purpose of a credential, from the words around it: the variable it is assigned to, a comment
 * just above, or the name of the file. A finding later compares it with what the credential can destroy
 * ("custom domains" vs volumeDelete), so only words that say what it is FOR survive.
 */
import path from "node:path";

/** Words that say what a credential is, not what it is for. */
const GENERIC_WORDS = new Set([
  "token", "tokens", "api", "key", "keys", "secret", "secrets", "access", "auth", "pat", "password", "passwd", "pass", "pwd",
  "url", "uri", "dsn", "id", "env", "the", "a", "for", "my", "of", "to", "credential", "credentials", "config", "value",
  "private", "oauth", "bearer", "client", "data", "export", "set", "string", "connection",
  "railway", "github", "gh", "stripe", "cloudflare", "cf", "vercel", "neon", "supabase", "aws", "anthropic", "openai",
  "npm", "docker", "kube", "kubernetes", "postgres", "postgresql", "pg", "mysql", "database", "db", "sk", "rk", "live", "test",
]);
const GENERIC_FILES = new Set(["", "env", "config", "credentials", "hosts", "settings", "index", "main", "secrets", "npmrc", "pgpass", "netrc", "kubeconfig", "app", "local", "development", "production", "docker-compose", "compose", "readme"]);
/** A comment that itself holds something token-like is not repeated anywhere. */
const TOKEN_LIKE = /[A-Za-z0-9_+/=-]{20,}/;

function wordsOf(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 1 && !GENERIC_WORDS.has(w) && !/^\d+$/.test(w));
}

export function purposeFromName(name: string | undefined): string | undefined {
  if (!name) return undefined;
  const words = wordsOf(name);
  return words.length > 0 ? words.join(" ") : undefined;
}

export function purposeFromComment(lineAbove: string | undefined): string | undefined {
  const m = lineAbove ? /^\s*(?:#+|\/\/+|--|\/\*+|\*|;)\s*(.*?)\s*(?:\*\/)?$/.exec(lineAbove) : null;
  if (!m || !m[1] || TOKEN_LIKE.test(m[1])) return undefined;
  const text = m[1].slice(0, 120);
  return wordsOf(text).length > 0 ? text : undefined;
}

export function purposeFromFile(file: string): string | undefined {
  const base = path.basename(file).replace(/^\.+/, "").replace(/\.[^.]+$/, "").replace(/^env\./, "");
  if (GENERIC_FILES.has(base.toLowerCase())) return undefined;
  return purposeFromName(base);
}

export function derivePurpose(input: { envVar?: string; lineAbove?: string; file: string; hint?: string }): string | undefined {
  return input.hint ?? purposeFromName(input.envVar) ?? purposeFromComment(input.lineAbove) ?? purposeFromFile(input.file);
}
