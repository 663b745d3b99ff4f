/**
 * The maintained rules: secretlint's recommended preset, run through its core API on texts the prefilter
 * let through. Its result echoes the whole input (secrets included), so only ranges are read from it and
 * nothing of it is ever logged or returned.
 */
import { lintSource } from "@secretlint/core";
import { secretLintProfiler } from "@secretlint/profiler";
import { creator as presetRecommend } from "@secretlint/secretlint-rule-preset-recommend";
import type { Detection } from "@/lib/credentials/types";
import type { LineLocator } from "@/lib/credentials/text-lines";

const RULE_PREFIX = "@secretlint/secretlint-rule-";
/** Documentation placeholders the maintained rules still report ("postgres://app:<password>@db"). */
const PLACEHOLDER = /^(?:<[^>]*>|\$\{[^}]*\}|\{\{[^}]*\}\}|\*+|x+|\.\.\.)$/i;

const config = {
  rules: [
    {
      id: "@secretlint/secretlint-rule-preset-recommend",
      rule: presetRecommend,
      // Access key ids are reported only with the id-scan option.
      rules: [{ id: "@secretlint/secretlint-rule-aws", options: { enableIDScanRule: true } }],
    },
  ],
};

function kebab(messageId: string): string {
  return messageId
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1-$2")
    .replace(/([a-z0-9])([A-Z])/g, "$1-$2")
    .replace(/_/g, "-")
    .toLowerCase();
}

/** secretlint reports the AWS secret with a range that starts at the key name but is as long as the secret. */
const AWS_SECRET_AT = /^["']?(?:AWS|aws|Aws)?_?(?:SECRET|secret|Secret)_?(?:ACCESS|access|Access)_?(?:KEY|key|Key)["']?\s*(?::|=>|=)\s*["']?([A-Za-z0-9/+=]{40})/;

/** The secret inside a reported range: secretlint's ranges sometimes start at the key name or span a URL. */
function secretOfRange(
  ruleName: string,
  messageId: string,
  slice: string,
  following: string,
): { value: string; offset: number; identity?: Record<string, string>; kind?: string } | undefined {
  if (ruleName === "aws" && messageId === "AWSSecretAccessKey") {
    const m = AWS_SECRET_AT.exec(following);
    return m ? { value: m[1], offset: m[0].length - m[1].length, kind: "secret-access-key" } : undefined;
  }
  if (ruleName === "aws" && messageId === "AWSAccessKeyID") {
    return { value: slice, offset: 0, identity: { accessKeyId: slice }, kind: "access-key-id" };
  }
  if (ruleName === "basicauth" || ruleName === "database-connection-string") {
    const m = /:\/\/([^:/@\s]+):([^@/\s]+)@([^/\s?]+)/.exec(slice);
    if (!m) return undefined;
    return { value: m[2], offset: m.index + 3 + m[1].length + 1, identity: { user: m[1], host: m[3] } };
  }
  if (ruleName === "gcp") {
    try {
      const json = JSON.parse(slice) as { private_key?: string; client_email?: string; project_id?: string };
      if (typeof json.private_key !== "string") return undefined;
      const identity: Record<string, string> = {};
      if (json.client_email) identity.serviceAccount = json.client_email;
      if (json.project_id) identity.project = json.project_id;
      return { value: json.private_key, offset: 0, identity };
    } catch {
      return undefined;
    }
  }
  return { value: slice, offset: 0 };
}

/**
 * secretlint's profiler keeps every performance mark of every lint in a list that it searches on each new
 * mark, so each lint is slower than the last: after a few thousand small texts (one per config value, one
 * per project of a root holding hundreds) it dominated the collection. Nothing of ours reads that list.
 */
function forgetProfilerEntries(): void {
  const profiler = secretLintProfiler as unknown as { entries?: unknown[]; measures?: unknown[] };
  if (Array.isArray(profiler.entries)) profiler.entries.length = 0;
  if (Array.isArray(profiler.measures)) profiler.measures.length = 0;
}

export async function detectWithSecretlint(text: string, file: string, lines: LineLocator): Promise<Detection[]> {
  const result = await lintSource({
    source: { content: text, filePath: file, contentType: "text" },
    options: { config, maskSecrets: false, noPhysicFilePath: true },
  });
  forgetProfilerEntries();
  const found: Detection[] = [];
  for (const message of result.messages) {
    if (message.type !== "message") continue;
    const ruleName = message.ruleId.startsWith(RULE_PREFIX) ? message.ruleId.slice(RULE_PREFIX.length) : message.ruleId;
    if (ruleName === "aws" && message.messageId === "AWSAccountID") continue; // an account id is not a secret
    const [from, to] = message.range;
    const secret = secretOfRange(ruleName, message.messageId, text.slice(from, to), text.slice(from, from + 256));
    if (!secret || secret.value.length < 4 || PLACEHOLDER.test(secret.value)) continue;
    found.push({
      value: secret.value,
      provider: ruleName === "privatekey" ? "private-key" : ruleName,
      kind: secret.kind ?? kebab(message.messageId),
      line: lines.lineAt(from + secret.offset),
      start: from + secret.offset,
      contextStart: from,
      identity: secret.identity,
      source: "secretlint",
    });
  }
  return found;
}
