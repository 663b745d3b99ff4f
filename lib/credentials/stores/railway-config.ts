/**
 * `~/.railway/config.json`, written by `railway login`: `user.token` is the account token the CLI acts
 * with, and `projects` maps local folders to the projects linked there (which only says where it is used,
 * not what it can reach: an account token reaches every project of the account).
 */
import type { Detection } from "@/lib/credentials/types";
import { lineOfValue, type LineLocator } from "@/lib/credentials/text-lines";

export function detectRailwayConfigFile(text: string, lines: LineLocator): Detection[] {
  let config: unknown;
  try {
    config = JSON.parse(text);
  } catch {
    return [];
  }
  const found: Detection[] = [];
  const record = (config ?? {}) as { user?: { token?: unknown; accessToken?: unknown }; projects?: Record<string, { name?: string; projectPath?: string }> };
  for (const field of ["token", "accessToken"] as const) {
    const token = record.user?.[field];
    if (typeof token !== "string" || token.length < 16) continue;
    const linked = Object.values(record.projects ?? {}).map((p) => p.name).filter((n): n is string => typeof n === "string");
    found.push({
      value: token,
      provider: "railway",
      kind: "account-token",
      line: lineOfValue(text, token, lines),
      envVar: `user.${field}`,
      identity: linked.length > 0 ? { linkedProjects: linked.slice(0, 10).join(", ") } : undefined,
      source: "store",
      purposeHint: "railway CLI login",
    });
  }
  return found;
}
