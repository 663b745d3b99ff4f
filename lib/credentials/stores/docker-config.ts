/** `~/.docker/config.json`: `auths.<registry>.auth` = base64("user:password"), or an `identitytoken`. */
import type { Detection } from "@/lib/credentials/types";
import { lineOfValue, type LineLocator } from "@/lib/credentials/text-lines";

export function detectDockerConfigFile(text: string, lines: LineLocator): Detection[] {
  let config: { auths?: Record<string, { auth?: unknown; identitytoken?: unknown } | null> };
  try {
    config = JSON.parse(text) ?? {};
  } catch {
    return [];
  }
  const found: Detection[] = [];
  for (const [registry, entry] of Object.entries(config.auths ?? {})) {
    if (!entry) continue;
    if (typeof entry.auth === "string" && entry.auth.length > 4) {
      const decoded = Buffer.from(entry.auth, "base64").toString("utf8");
      const colon = decoded.indexOf(":");
      found.push({
        value: entry.auth,
        provider: "docker",
        kind: "registry-auth",
        line: lineOfValue(text, entry.auth, lines),
        envVar: "auth",
        identity: { registry, ...(colon > 0 ? { user: decoded.slice(0, colon) } : {}) },
        source: "store",
      });
    }
    if (typeof entry.identitytoken === "string" && entry.identitytoken.length > 4) {
      found.push({
        value: entry.identitytoken,
        provider: "docker",
        kind: "identity-token",
        line: lineOfValue(text, entry.identitytoken, lines),
        envVar: "identitytoken",
        identity: { registry },
        source: "store",
      });
    }
  }
  return found;
}
