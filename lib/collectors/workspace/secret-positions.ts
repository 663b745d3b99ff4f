/**
 * Positions in an agent config that hand a secret to the agent or its MCP server: an env value under a
 * secret-like name, an auth header, the value after `--token`, a key inside a JSON string argument, a URL's
 * password, a key-like query parameter, a random path segment. Whatever sits there is a credential, whether
 * or not a detector knows its shape, unless it is a placeholder for a value supplied at run time.
 * Pure: values go in, InlineValues (still plain, for the scanner only) come out.
 */
import { readJwtClaims } from "@/lib/credentials/detectors/jwt-claims";
import { shellArgvs } from "@/lib/guard/shell/argvs";
import type { InlineValue } from "./types";

/** Placeholders people write where a secret goes; never credentials. */
const PLACEHOLDERS: readonly RegExp[] = [
  /^\$\{[^}]*\}$/, // ${X}, ${env:X}, ${input:x}, ${process.env.X}
  /^\$[A-Za-z_][A-Za-z0-9_]*$/, // $X
  /^process\.env\.[A-Za-z_][A-Za-z0-9_]*$/,
  /^%[A-Za-z_][A-Za-z0-9_]*%$/, // %X% (Windows)
  /^\$env:[A-Za-z_][A-Za-z0-9_]*$/i, // $env:X (PowerShell)
  /^\{\{[^}]*\}\}$/, // {{ secrets.X }}
  /^<[^<>]*>$/, // <YOUR_KEY>
  /^\[[^[\]]*\]$/, // [YOUR_KEY]
  /^(?:your|my|insert|enter|add|put|paste)[-_ .]/i, // your-key-here, YOUR_API_KEY, insert_token
  /[-_ .](?:here|goes[-_ ]here)$/i, // api-key-here
  /^(?:redacted|changeme|change[-_]?me|placeholder|example|dummy|sample|secret|password|token|api[-_]?key|none|null|undefined|todo|tbd|xxx+|\*+|\.{3}|…)$/i,
  /x{5,}|X{5,}|\*{4,}|\.{3}|…/, // sk-xxxxxxxx, ghp_****, sk-...
  /^(?:[xX]{3,}[-_ ]?)+$/, // xxxx-xxxx-xxxx
  /^(.)\1{5,}$/, // 00000000, aaaaaaaa
];

export function isPlaceholder(value: string): boolean {
  const trimmed = value.trim();
  if (trimmed.length === 0) return true;
  return PLACEHOLDERS.some((pattern) => pattern.test(trimmed));
}

/** `fooBarKey`, `FOO_BAR_KEY`, `X-Foo-Key`, `--foo-key` → ["foo", "bar", "key"]. */
function nameWords(name: string): string[] {
  return name
    .replace(/^-+/, "")
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => word.toLowerCase());
}

/** The last word names what the value is. */
const SECRET_LAST_WORDS = new Set([
  "key",
  "apikey",
  "token",
  "secret",
  "password",
  "passwd",
  "pwd",
  "pass",
  "passphrase",
  "pat",
  "credential",
  "credentials",
  "auth",
  "authorization",
  "bearer",
  "cookie",
  "jwt",
  "sk",
]);
/** Anywhere in the name, these make it a secret whatever follows (PGPASSWORD, SERVICE_ROLE_JWT_X). */
const SECRET_ANYWHERE = /secret|passw|service[-_]?role|private[-_]?key|api[-_]?key|access[-_]?token|auth[-_]?token/i;
/** Names that say the value is public, or not the secret itself (its id, its file, where it goes). */
const NOT_SECRET_WORDS = new Set(["public", "publishable", "anon", "site", "id", "ids", "url", "uri", "path", "file", "dir", "name", "type", "mode", "enabled", "disabled", "header", "endpoint", "host", "port", "user", "username", "region", "version", "expiry", "expires", "ttl", "length", "prefix", "env", "var", "format", "helper", "command", "cmd", "location", "count", "limit"]);

/** Does this variable, header, flag, JSON key or query parameter name hand over a secret? */
export function isSecretName(name: string): boolean {
  const words = nameWords(name);
  if (words.length === 0) return false;
  const last = words[words.length - 1];
  if (NOT_SECRET_WORDS.has(last) || words.some((word) => word === "public" || word === "publishable" || word === "anon")) return false;
  if (SECRET_LAST_WORDS.has(last)) return true;
  return SECRET_ANYWHERE.test(name);
}

/** Headers that carry a secret whatever their value looks like. */
export function isSecretHeader(name: string): boolean {
  return /^(?:proxy-)?authorization$|^cookie$|^x-goog-api-key$/i.test(name) || isSecretName(name);
}

/** `Bearer abc`, `Token abc`, `Basic abc` → `abc`: the scheme is not part of the secret. */
export function stripAuthScheme(value: string): string {
  return value.replace(/^\s*(?:bearer|token|basic|apikey|api-key|key)\s+/i, "").trim();
}

function shannonBitsPerChar(text: string): number {
  const counts = new Map<string, number>();
  for (const char of text) counts.set(char, (counts.get(char) ?? 0) + 1);
  let bits = 0;
  for (const count of counts.values()) {
    const p = count / text.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/**
 * A word that looks generated rather than written: a long run of mixed letters and digits, or of hex.
 * Judged on each piece between separators, so `mcp-server-github-2024` is a name and a UUID is not.
 */
export function looksRandom(word: string): boolean {
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(word)) return true;
  for (const piece of word.split(/[-_.:/@]+/)) {
    if (piece.length < 12) continue;
    const hasDigit = /\d/.test(piece);
    const hasLetter = /[A-Za-z]/.test(piece);
    const mixedCase = /[a-z]/.test(piece) && /[A-Z]/.test(piece);
    const bits = shannonBitsPerChar(piece);
    if (hasDigit && hasLetter && bits >= 3) return true;
    if (piece.length >= 20 && mixedCase && bits >= 3.5) return true;
    if (piece.length >= 32 && /^[A-Za-z0-9+/=]+$/.test(piece) && bits >= 3.5) return true;
  }
  return false;
}

/** A random-looking value of credential length (a path segment, a bare argument). */
export function looksLikeIssuedSecret(value: string): boolean {
  return value.length >= 16 && value.length <= 512 && !/\s/.test(value) && looksRandom(value);
}

/** Flags whose next argument (or `=value`) is a secret. */
export function isSecretFlag(flag: string): boolean {
  if (!/^--?[A-Za-z][A-Za-z0-9_.-]*$/.test(flag)) return false;
  // Single letters mean different things to every program; only -t is a token often enough.
  if (/^-[A-Za-z]$/.test(flag)) return flag === "-t";
  return /^--/.test(flag) && isSecretName(flag);
}

const QUERY_SECRET = /^(?:key|sig|signature|code)$/i;

/**
 * The secrets in a URL: its user-info password, key-like query parameters and random path segments. The
 * URL as a whole is scanned elsewhere; here each part that *is* a secret becomes its own value.
 */
export function secretsInUrl(raw: string, where: string): InlineValue[] {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return [];
  }
  if (!/^[a-z][a-z0-9+.-]*:$/i.test(url.protocol) || !url.host) return [];
  const found: InlineValue[] = [];
  const password = safeDecode(url.password);
  if (password && !isPlaceholder(password)) found.push({ path: `${where}.password`, name: "password", value: password, secret: true, within: raw });
  url.searchParams.forEach((value, key) => {
    if ((isSecretName(key) || QUERY_SECRET.test(key)) && !isPlaceholder(value)) {
      found.push({ path: `${where}?${key}`, name: key, value, secret: true });
    }
  });
  url.pathname.split("/").forEach((segment, index) => {
    const decoded = safeDecode(segment);
    if (looksLikeIssuedSecret(decoded) && !isPlaceholder(decoded)) {
      found.push({ path: `${where}/[${index}]`, value: decoded, secret: true });
    }
  });
  return found;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

const JSON_DEPTH = 8;

/** Secret-named string values inside a JSON value (a `--config '{"apiKey": …}'` argument), and URLs in it. */
export function secretsInJson(value: unknown, where: string, depth = 0): InlineValue[] {
  if (depth > JSON_DEPTH) return [];
  if (typeof value === "string") return /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? secretsInUrl(value, where) : [];
  if (Array.isArray(value)) return value.flatMap((item, index) => secretsInJson(item, `${where}[${index}]`, depth + 1));
  if (typeof value !== "object" || value === null) return [];
  const found: InlineValue[] = [];
  for (const [key, item] of Object.entries(value)) {
    const path = `${where}.${key}`;
    if (typeof item === "string" && (isSecretName(key) || isSecretHeader(key))) {
      const secret = /authorization/i.test(key) ? stripAuthScheme(item) : item;
      if (!isPlaceholder(secret) && !isSafeLiteral(secret)) found.push({ path, name: key, value: secret, secret: true });
      continue;
    }
    found.push(...secretsInJson(item, path, depth + 1));
  }
  return found;
}

/** Keys issued to be public: Stripe publishable keys, Supabase publishable keys and anon JWTs. */
function isPublicKey(value: string): boolean {
  if (/^(?:pk_(?:live|test)_|sb_publishable_)/.test(value)) return true;
  const claims = /^eyJ[A-Za-z0-9_-]+\.eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(value) ? readJwtClaims(value) : undefined;
  return claims?.role === "anon";
}

/** Values that cannot be a secret even under a secret-like name: booleans, numbers, paths, public keys. */
function isSafeLiteral(value: string): boolean {
  const trimmed = value.trim();
  if (isPublicKey(trimmed)) return true;
  if (/^(?:true|false|yes|no|on|off|\d{1,6})$/i.test(trimmed)) return true;
  if (/^(?:~|\.{1,2})?\/[^\s]*$/.test(trimmed) || /^[A-Za-z]:[\\/]/.test(trimmed)) return true;
  return false;
}

/** One value under a name (an env entry, a header, a `NAME=value` argument): a secret when the name says so. */
export function secretUnderName(name: string, value: string, path: string, header = false): InlineValue[] {
  const secretName = header ? isSecretHeader(name) : isSecretName(name);
  const secret = header && /authorization/i.test(name) ? stripAuthScheme(value) : value;
  if (!secretName || isPlaceholder(secret) || isSafeLiteral(secret)) return /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? secretsInUrl(value, path) : [];
  return [{ path, name, value: secret, secret: true }];
}

function parseJsonArgument(arg: string): unknown {
  const trimmed = arg.trim();
  if (!/^[{[]/.test(trimmed)) return undefined;
  try {
    return JSON.parse(trimmed);
  } catch {
    return undefined;
  }
}

/**
 * Secret positions among a server's arguments: the value after a secret flag (`--token X`, `-t X`), inline
 * (`--api-key=X`), `NAME=value` pairs (`-e GITHUB_TOKEN=…` for docker), headers passed as arguments
 * (`--header "Authorization: Bearer …"`), keys inside JSON strings, and the secret parts of URLs.
 */
export function secretsInArgs(args: string[]): InlineValue[] {
  const found: InlineValue[] = [];
  args.forEach((arg, index) => {
    const where = `args[${index}]`;
    const previous = index > 0 ? args[index - 1] : "";
    if (isSecretFlag(previous)) {
      if (!isPlaceholder(arg) && !isSafeLiteral(arg)) found.push({ path: where, name: previous.replace(/^-+/, ""), value: arg, secret: true });
      return;
    }
    if (/^(?:-H|--header|--headers)$/.test(previous)) {
      const header = /^([A-Za-z0-9-]+)\s*:\s*(.*)$/.exec(arg);
      if (header) found.push(...secretUnderName(header[1], header[2], where, true));
      return;
    }
    const inlineFlag = /^(--?[A-Za-z][A-Za-z0-9_-]*)=(.*)$/s.exec(arg);
    if (inlineFlag) {
      const [, flag, value] = inlineFlag;
      if (isSecretFlag(flag) && !isPlaceholder(value) && !isSafeLiteral(value)) found.push({ path: where, name: flag.replace(/^-+/, ""), value, secret: true });
      else found.push(...secretsInValue(value, where));
      return;
    }
    const assignment = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(arg);
    if (assignment) {
      found.push(...secretUnderName(assignment[1], assignment[2], where));
      return;
    }
    found.push(...secretsInValue(arg, where));
  });
  return found;
}

/** A free-standing value: a JSON document or a URL may hold secrets in their own positions. */
function secretsInValue(value: string, where: string): InlineValue[] {
  const json = parseJsonArgument(value);
  if (json !== undefined) return secretsInJson(json, where);
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value.trim())) return secretsInUrl(value.trim(), where);
  return [];
}

/** Programs whose arguments are printed as they are: in a credential helper, what they print is the credential. */
const PRINTERS = new Set(["echo", "printf"]);

/**
 * Secret positions in a shell command (a hook, a credential helper, a permission rule's command): each simple
 * command's argv read like server arguments (`--token X`, `-H "Authorization: Bearer X"`, `API_TOKEN=X cmd`).
 * For a credential helper (`apiKeyHelper: "echo sk-…"`), what it prints is the credential itself.
 */
export function secretsInCommand(command: string, where: string, printsCredential = false): InlineValue[] {
  const found: InlineValue[] = [];
  // tree-sitter-bash, recovering around what does not parse (a rule's command may be a fragment): the
  // collector awaits loadBashParser() before it reads any config.
  (shellArgvs(command, { recover: true }) ?? []).forEach((argv, index) => {
    const prefix = `${where}[${index}]`;
    for (const value of secretsInArgs(argv)) found.push({ ...value, path: `${prefix}.${value.path}` });
    if (printsCredential && PRINTERS.has(argv[0] ?? "")) {
      const printed = argv.slice(1).filter((arg) => !arg.startsWith("-")).join(" ");
      if (printed && !isPlaceholder(printed) && !isSafeLiteral(printed)) found.push({ path: `${prefix}.printed`, value: printed, secret: true });
    }
  });
  return found;
}

