/** `.npmrc`: `//registry/:_authToken=…`, `_auth=base64(user:pass)`, `_password=base64`. */
import type { Detection } from "@/lib/credentials/types";

const NPMRC_SECRET = /^\s*(?:(\/\/[^\s=]*?):)?(_authToken|_auth|_password)\s*=\s*(.+?)\s*$/;

export function detectNpmrcFile(text: string): Detection[] {
  const found: Detection[] = [];
  text.split(/\r?\n/).forEach((line, index) => {
    const m = NPMRC_SECRET.exec(line);
    if (!m) return;
    const value = m[3].replace(/^["']|["']$/g, "");
    // `${NPM_TOKEN}` is a reference to the environment, not a secret.
    if (!value || /^\$\{?[A-Z_]+\}?$/.test(value)) return;
    found.push({
      value,
      provider: "npm",
      kind: m[2] === "_authToken" ? "auth-token" : "registry-password",
      line: index + 1,
      identity: { registry: m[1] ? m[1].replace(/^\/\//, "") : "registry.npmjs.org/" },
      envVar: m[2],
      source: "store",
    });
  });
  return found;
}
