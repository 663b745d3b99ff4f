/**
 * Tokens that have no shape of their own (Railway's UUIDs, Cloudflare's hex global key, Vercel's legacy
 * 24-character tokens) are recognised by the name they are assigned to: `RAILWAY_API_TOKEN=…`,
 * `"CLOUDFLARE_API_KEY": "…"`, `export VERCEL_TOKEN=…`.
 */
import type { Detection } from "@/lib/credentials/types";
import type { LineLocator } from "@/lib/credentials/text-lines";

export interface ContextRule {
  provider: string;
  /** Does this variable name belong to the provider's credentials? */
  name: RegExp;
  value: RegExp;
  /** Kind from the variable name (RAILWAY_TOKEN is a project token, other Railway names the worst case). */
  kind: (name: string) => string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const CONTEXT_RULES: readonly ContextRule[] = [
  {
    provider: "railway",
    name: /railway.*(?:token|key|secret)|(?:token|key|secret).*railway/i,
    value: UUID,
    // The Railway CLI reads RAILWAY_TOKEN as a project token and RAILWAY_API_TOKEN as an account or team
    // token. Any other name is unknown offline, so it is scored as the worst case: an account token.
    kind: (name) => (/^RAILWAY_TOKEN$/i.test(name) ? "project-token" : "account-token"),
  },
  {
    provider: "cloudflare",
    name: /(?:cloudflare|^cf_|_cf_).*(?:api_?key|auth_?key|global)/i,
    value: /^[0-9a-f]{37}$/,
    kind: () => "global-api-key",
  },
  {
    provider: "cloudflare",
    name: /(?:cloudflare|^cf_|_cf_).*token/i,
    value: /^[A-Za-z0-9_-]{40}$/,
    kind: () => "api-token",
  },
  {
    provider: "vercel",
    name: /vercel.*(?:token|key)/i,
    value: /^[A-Za-z0-9]{24}$/,
    kind: () => "access-token",
  },
  {
    provider: "neon",
    name: /neon.*(?:api_?key|token)/i,
    value: /^[a-z0-9]{64}$/,
    kind: () => "api-key",
  },
  {
    // Obsidian's Local REST API plugin: a 64-hex key that reads, writes and deletes every note in the vault.
    provider: "obsidian",
    name: /obsidian|local[-_]?rest/i,
    value: /^[0-9a-f]{64}$/i,
    kind: () => "local-rest-api-key",
  },
];

/** Only lines naming a provider are parsed; the rest of the text is never looked at twice. */
const CONTEXT_WORD = /railway|cloudflare|cf_|vercel|neon|obsidian|local[-_]?rest/gi;
const ASSIGNMENT =
  /(?:^|[\s;,{(])(?:export\s+|set\s+|\$env:)?["']?([A-Za-z_][A-Za-z0-9_.-]*)["']?\s*(?:=|:=|=>|:)\s*["'`]?([A-Za-z0-9_\-.]{16,128})["'`]?/g;

/** Match one variable name + value against the context rules. */
export function matchContextRule(name: string, value: string): ContextRule | undefined {
  return CONTEXT_RULES.find((rule) => rule.name.test(name) && rule.value.test(value));
}

export function detectContextAssignments(text: string, lines: LineLocator): Detection[] {
  const found: Detection[] = [];
  const seenLines = new Set<number>();
  for (const word of text.matchAll(CONTEXT_WORD)) {
    const line = lines.lineAt(word.index ?? 0);
    if (seenLines.has(line)) continue;
    seenLines.add(line);
    const lineText = lines.lineText(line);
    for (const m of lineText.matchAll(ASSIGNMENT)) {
      const [, name, value] = m;
      const rule = matchContextRule(name, value);
      if (!rule) continue;
      found.push({
        value,
        provider: rule.provider,
        kind: rule.kind(name),
        line,
        envVar: name,
        source: "context",
      });
    }
  }
  return found;
}
