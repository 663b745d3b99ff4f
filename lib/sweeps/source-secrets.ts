/**
 * Secrets in a source's config (a connection URL's password, a token field) are split out before the
 * config is stored, sealed with AES-256-GCM under a key derived from the server's auth secret, and merged
 * back only when a sweep runs. The stored config keeps a placeholder, so the UI and the API can show
 * the rest of the config and never the secret.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { AppError } from "@/lib/errors";

/** Shown where a secret was taken out; submitting it back unchanged keeps the stored secret. */
export const SECRET_PLACEHOLDER = "••••••";

/** Config fields whose whole value is a secret, by name. */
const SECRET_FIELD = /(password|passwd|secret|token|api[_-]?key|private[_-]?key|credential)s?$/i;

type SecretMap = Record<string, string>;

export function deriveConfigKey(authSecret: string): Buffer {
  // A separate key per purpose: the auth secret signs sessions; this one only seals source configs.
  return Buffer.from(hkdfSync("sha256", authSecret, "blastmap", "source-config-v1", 32));
}

export function sealSecrets(secrets: SecretMap, key: Buffer): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  const body = Buffer.concat([cipher.update(JSON.stringify(secrets), "utf8"), cipher.final()]);
  return ["v1", iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), body.toString("base64url")].join(".");
}

export function openSecrets(sealed: string | null, key: Buffer): SecretMap {
  if (!sealed) return {};
  const [version, iv, tag, body] = sealed.split(".");
  try {
    if (version !== "v1") throw new Error(`unknown version ${version}`);
    const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    const text = Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
    return JSON.parse(text) as SecretMap;
  } catch (error) {
    throw new AppError(
      "config:data_dir",
      "A source's stored secrets cannot be decrypted: the server secret changed since they were saved. Enter them again.",
      { cause: error },
    );
  }
}

/**
 * Splits a config into what may be shown and what must be sealed. `previous` are the secrets stored
 * before: a placeholder submitted back (an edit that did not touch the secret) keeps the old value.
 */
export function splitSecrets(config: Record<string, unknown>, previous: SecretMap = {}): { config: Record<string, unknown>; secrets: SecretMap } {
  const secrets: SecretMap = {};
  const visible = walk(config, "", (value, path, fieldName) => {
    if (typeof value !== "string") return value;
    if (SECRET_FIELD.test(fieldName)) {
      if (value === SECRET_PLACEHOLDER) {
        if (previous[path] !== undefined) secrets[path] = previous[path];
        return SECRET_PLACEHOLDER;
      }
      if (value === "") return value;
      secrets[path] = value;
      return SECRET_PLACEHOLDER;
    }
    const url = parseUrlWithPassword(value);
    if (!url) return value;
    const password = decodeURIComponent(url.password);
    if (password === SECRET_PLACEHOLDER || url.password === encodeURIComponent(SECRET_PLACEHOLDER)) {
      if (previous[path] !== undefined) secrets[path] = previous[path];
    } else {
      secrets[path] = password;
    }
    url.password = SECRET_PLACEHOLDER;
    // The URL setter percent-encodes the dots; shown as typed, so the form reads •••••• (and sending it
    // back still keeps the stored secret: it is parsed the same either way).
    return url.toString().replace(encodeURIComponent(SECRET_PLACEHOLDER), SECRET_PLACEHOLDER);
  });
  return { config: visible as Record<string, unknown>, secrets };
}

/** Puts sealed secrets back into a stored config, for the collector only. */
export function mergeSecrets(config: Record<string, unknown>, secrets: SecretMap): Record<string, unknown> {
  return walk(config, "", (value, path) => {
    const secret = secrets[path];
    if (secret === undefined || typeof value !== "string") return value;
    const url = parseUrlWithPassword(value);
    if (url) {
      url.password = encodeURIComponent(secret);
      return url.toString();
    }
    return secret;
  }) as Record<string, unknown>;
}

function parseUrlWithPassword(value: string): URL | null {
  if (!/^[a-z][a-z0-9+.-]*:\/\/[^/]*:[^/]*@/i.test(value)) return null;
  try {
    const url = new URL(value);
    return url.password ? url : null;
  } catch {
    return null;
  }
}

function walk(value: unknown, path: string, visit: (value: unknown, path: string, fieldName: string) => unknown, fieldName = ""): unknown {
  if (Array.isArray(value)) return value.map((item, i) => walk(item, `${path}[${i}]`, visit, fieldName));
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, path ? `${path}.${k}` : k, visit, k)]));
  }
  return visit(value, path, fieldName);
}
