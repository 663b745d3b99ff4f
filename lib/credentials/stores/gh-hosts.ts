/** `~/.config/gh/hosts.yml`, written by `gh auth login`: an OAuth token per host (and per user since gh 2.40). */
import { parse } from "yaml";
import type { Detection } from "@/lib/credentials/types";
import { lineOfValue, type LineLocator } from "@/lib/credentials/text-lines";

interface HostEntry {
  oauth_token?: unknown;
  user?: unknown;
  users?: Record<string, { oauth_token?: unknown } | null>;
}

function kindOfGithubToken(token: string): string {
  if (token.startsWith("ghp_")) return "classic-token";
  if (token.startsWith("github_pat_")) return "fine-grained-token";
  return "oauth-token";
}

export function detectGhHostsFile(text: string, lines: LineLocator): Detection[] {
  let hosts: Record<string, HostEntry | null>;
  try {
    hosts = (parse(text) ?? {}) as Record<string, HostEntry | null>;
  } catch {
    return [];
  }
  const found: Detection[] = [];
  const add = (token: unknown, host: string, user: unknown) => {
    if (typeof token !== "string" || token.length < 8) return;
    if (found.some((d) => d.value === token)) return;
    found.push({
      value: token,
      provider: "github",
      kind: kindOfGithubToken(token),
      line: lineOfValue(text, token, lines),
      envVar: "oauth_token",
      identity: { host, ...(typeof user === "string" ? { user } : {}) },
      source: "store",
      purposeHint: "gh CLI login",
    });
  };
  for (const [host, entry] of Object.entries(hosts)) {
    if (!entry || typeof entry !== "object") continue;
    add(entry.oauth_token, host, entry.user);
    for (const [user, perUser] of Object.entries(entry.users ?? {})) add(perUser?.oauth_token, host, user);
  }
  return found;
}
