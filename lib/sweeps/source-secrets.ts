/**
 * Secrets in a source's config (a connection URL's password, a secret in its query string, a token field)
 * are split out before the config is stored, sealed with AES-256-GCM under the server's config key (its
 * own key, not derived from the session secret: see lib/server-secrets.ts), and merged back only when a
 * sweep runs. The stored config keeps a placeholder, so the UI and the API can show the rest of the config
 * and never the secret.
 *
 * A secret is bound to where it was saved for: the URL it sits in (scheme, user, host, port, database,
 * every other parameter), or, for a secret field, its sibling host/url/user/database fields. An edit that
 * changes those and sends the placeholder back drops the secret instead of sending it to the new host,
 * and a sweep refuses to send a secret whose binding no longer matches.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { AppError } from "@/lib/errors";

/** Shown where a secret was taken out; submitting it back unchanged keeps the stored secret. */
export const SECRET_PLACEHOLDER = "••••••";

/** Config fields, and URL query parameters, whose whole value is a secret, by name. */
const SECRET_FIELD = /(password|passwd|secret|token|api[_-]?key|private[_-]?key|credential)s?$/i;

/** Fields that say where a sibling secret field is sent. */
const DESTINATION_FIELD = /^(host|hostname|port|url|uri|server|cluster|endpoint|address|user|username|database|db|dbname)$/i;

/** Schemes whose user name alone is often the secret (https://TOKEN@github.com/…). */
const TOKEN_IN_USER_SCHEMES = new Set(["http:", "https:", "git:", "ssh:"]);

type SecretMap = Record<string, string>;

/** Suffixes of the entries that go with a URL's secrets, after the config path of the URL. */
const PARAM = "?";
const USER = "@user";
const BOUND = "#bound";

/** The key sources were sealed with before the config key was its own (legacy seals, "v1"). */
export function deriveConfigKey(authSecret: string): Buffer {
  return Buffer.from(hkdfSync("sha256", authSecret, "blastmap", "source-config-v1", 32));
}

export function sealSecrets(secrets: SecretMap, key: Buffer): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  const body = Buffer.concat([cipher.update(JSON.stringify(secrets), "utf8"), cipher.final()]);
  return [SEAL_VERSION, iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), body.toString("base64url")].join(".");
}

/** v2: under the config key of its own. v1: under the key derived from the auth secret. */
const SEAL_VERSION = "v2";

export function isLegacySeal(sealed: string | null): boolean {
  return sealed?.startsWith("v1.") ?? false;
}

export function openSecrets(sealed: string | null, key: Buffer): SecretMap {
  if (!sealed) return {};
  const [version, iv, tag, body] = sealed.split(".");
  try {
    if (version !== "v1" && version !== "v2") throw new Error(`unknown version ${version}`);
    const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    const text = Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
    return JSON.parse(text) as SecretMap;
  } catch (error) {
    throw new AppError(
      "config:data_dir",
      "A source's stored secrets cannot be decrypted: the server's config key changed since they were saved. Enter them again.",
      { cause: error },
    );
  }
}

/**
 * Splits a config into what may be shown and what must be sealed. `previous` are the secrets stored
 * before and `previousConfig` the config stored with them: a placeholder submitted back (an edit that did
 * not touch the secret) keeps the old value, but only where the secret would still go where it went.
 */
export function splitSecrets(
  config: Record<string, unknown>,
  previous: SecretMap = {},
  previousConfig: Record<string, unknown> = {},
): { config: Record<string, unknown>; secrets: SecretMap } {
  const secrets: SecretMap = {};
  const previousAt = indexStrings(previousConfig);
  const visible = walk(config, "", (value, path, fieldName, siblings) => {
    if (typeof value !== "string") return value;
    if (SECRET_FIELD.test(fieldName)) {
      const bound = fieldBinding(siblings);
      if (value === SECRET_PLACEHOLDER) {
        const stillBound = (previous[path + BOUND] ?? fieldBinding(previousAt.siblings(path))) === bound;
        if (previous[path] !== undefined && stillBound) {
          secrets[path] = previous[path];
          secrets[path + BOUND] = bound;
          return SECRET_PLACEHOLDER;
        }
        return "";
      }
      if (value === "") return value;
      secrets[path] = value;
      secrets[path + BOUND] = bound;
      return SECRET_PLACEHOLDER;
    }
    const url = parseUrl(value);
    if (!url) return value;
    const parts = urlSecrets(url);
    if (parts.length === 0) return value;
    const bound = urlBinding(url);
    const previousUrl = previousAt.value(path);
    const stillBound = (previous[path + BOUND] ?? (previousUrl !== undefined ? urlBindingOf(previousUrl) : undefined)) === bound;
    for (const part of parts) {
      const entry = path + part.suffix;
      if (part.value === SECRET_PLACEHOLDER) {
        if (previous[entry] !== undefined && stillBound) secrets[entry] = previous[entry];
        else part.clear(url);
        continue;
      }
      secrets[entry] = part.value;
      part.mask(url);
    }
    if (parts.some((part) => secrets[path + part.suffix] !== undefined)) secrets[path + BOUND] = bound;
    // The URL setter percent-encodes the mask's dots; shown as typed, so the form reads •••••• (sending
    // either form back keeps the stored secret: both parse the same).
    return url.toString().replaceAll(encodeURIComponent(SECRET_PLACEHOLDER), SECRET_PLACEHOLDER);
  });
  return { config: visible as Record<string, unknown>, secrets };
}

/** Puts sealed secrets back into a stored config, for the collector only. */
export function mergeSecrets(config: Record<string, unknown>, secrets: SecretMap): Record<string, unknown> {
  return walk(config, "", (value, path, fieldName, siblings) => {
    if (typeof value !== "string") return value;
    const bound = secrets[path + BOUND];
    const url = parseUrl(value);
    if (url && !SECRET_FIELD.test(fieldName)) {
      const parts = urlSecrets(url).filter((part) => secrets[path + part.suffix] !== undefined);
      if (parts.length === 0) return value;
      if (bound !== undefined && bound !== urlBinding(url)) throw movedSecret(path);
      for (const part of parts) part.set(url, secrets[path + part.suffix]);
      return url.toString();
    }
    const secret = secrets[path];
    if (secret === undefined) return value;
    if (bound !== undefined && bound !== fieldBinding(siblings)) throw movedSecret(path);
    return secret;
  }) as Record<string, unknown>;
}

function movedSecret(path: string): AppError {
  return new AppError("bad_request:config", `config.${path}: where its secret is sent changed since the secret was saved; enter the secret again.`);
}

interface UrlSecret {
  suffix: string;
  /** As the URL holds it now (the placeholder when masked). */
  value: string;
  mask(url: URL): void;
  clear(url: URL): void;
  set(url: URL, secret: string): void;
}

/** The secret parts of a URL: its password, secret-named query parameters, a user name that is a token. */
function urlSecrets(url: URL): UrlSecret[] {
  const parts: UrlSecret[] = [];
  if (url.password) {
    parts.push({
      suffix: "",
      value: decodeURIComponent(url.password),
      mask: (u) => void (u.password = SECRET_PLACEHOLDER),
      clear: (u) => void (u.password = ""),
      set: (u, secret) => void (u.password = encodeURIComponent(secret)),
    });
  } else if (url.username && TOKEN_IN_USER_SCHEMES.has(url.protocol)) {
    parts.push({
      suffix: USER,
      value: decodeURIComponent(url.username),
      mask: (u) => void (u.username = SECRET_PLACEHOLDER),
      clear: (u) => void (u.username = ""),
      set: (u, secret) => void (u.username = encodeURIComponent(secret)),
    });
  }
  for (const name of new Set(url.searchParams.keys())) {
    if (!SECRET_FIELD.test(name)) continue;
    parts.push({
      suffix: PARAM + name,
      value: url.searchParams.get(name) ?? "",
      mask: (u) => u.searchParams.set(name, SECRET_PLACEHOLDER),
      clear: (u) => u.searchParams.delete(name),
      set: (u, secret) => u.searchParams.set(name, secret),
    });
  }
  return parts.filter((part) => part.value !== "");
}

/** Where a URL's secrets go: everything but the secrets themselves. */
function urlBinding(url: URL): string {
  const params = [...url.searchParams.entries()].filter(([name]) => !SECRET_FIELD.test(name)).sort(([a], [b]) => a.localeCompare(b));
  const user = url.password || !TOKEN_IN_USER_SCHEMES.has(url.protocol) ? decodeURIComponent(url.username) : "";
  return JSON.stringify([url.protocol, user, url.hostname.toLowerCase(), url.port, url.pathname, params]);
}

function urlBindingOf(value: string): string | undefined {
  const url = parseUrl(value);
  return url ? urlBinding(url) : undefined;
}

/** Where a secret field goes: its sibling destination fields. */
function fieldBinding(siblings: Record<string, unknown>): string {
  return JSON.stringify(
    Object.entries(siblings)
      .filter(([name, v]) => DESTINATION_FIELD.test(name) && (typeof v === "string" || typeof v === "number"))
      .map(([name, v]) => [name.toLowerCase(), typeof v === "string" ? (urlBindingOf(v) ?? v) : v])
      .sort(([a], [b]) => String(a).localeCompare(String(b))),
  );
}

function parseUrl(value: string): URL | null {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return null;
  try {
    return new URL(value);
  } catch {
    return null;
  }
}

/** The string values of a stored config by path, and the object each sits in. */
function indexStrings(config: Record<string, unknown>) {
  const values = new Map<string, string>();
  const parents = new Map<string, Record<string, unknown>>();
  walk(config, "", (value, path, _name, siblings) => {
    if (typeof value === "string") values.set(path, value);
    parents.set(path, siblings);
    return value;
  });
  return { value: (path: string) => values.get(path), siblings: (path: string) => parents.get(path) ?? {} };
}

function walk(
  value: unknown,
  path: string,
  visit: (value: unknown, path: string, fieldName: string, siblings: Record<string, unknown>) => unknown,
  fieldName = "",
  siblings: Record<string, unknown> = {},
): unknown {
  if (Array.isArray(value)) return value.map((item, i) => walk(item, `${path}[${i}]`, visit, fieldName, siblings));
  if (value && typeof value === "object") {
    const object = value as Record<string, unknown>;
    return Object.fromEntries(Object.entries(object).map(([k, v]) => [k, walk(v, path ? `${path}.${k}` : k, visit, k, object)]));
  }
  return visit(value, path, fieldName, siblings);
}
