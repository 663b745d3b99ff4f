/**
 * The only forms in which a found secret may leave the scan: a keyed fingerprint and a redacted preview.
 */
import { createHmac } from "node:crypto";

/** HMAC-SHA-256 of the value under the server's fingerprint key, hex. Same secret, same key → same node. */
export function fingerprintSecret(key: Buffer, value: string): string {
  return createHmac("sha256", key).update(value, "utf8").digest("hex");
}

/**
 * At most 4 leading and 4 trailing characters, and never more than a quarter of the value in total, so a
 * short secret shows less (a 12-character secret shows "ab…yz", an 8-character one "a…z", shorter ones "…").
 */
export function redactPreview(value: string): string {
  const visible = Math.min(4, Math.floor(value.length / 8));
  if (visible === 0) return "…";
  return `${value.slice(0, visible)}…${value.slice(-visible)}`;
}
