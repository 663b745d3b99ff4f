/**
 * Secrets in `.env` files that no provider rule recognises: a variable whose name says it is a secret
 * (…TOKEN, …SECRET, …PASSWORD, …API_KEY) and whose value is not a placeholder. Provider rules still run
 * on the same text and win when they name the same value more precisely.
 */
import { matchContextRule } from "@/lib/credentials/detectors/context-assignments";
import { parseEnvFile } from "@/lib/credentials/stores/env-file";
import type { Detection } from "@/lib/credentials/types";

const SECRET_NAME = /(?:token|secret|passw(?:or)?d|pwd|api_?key|private_?key|access_?key|auth_?key|credentials?)$/i;
const PLACEHOLDER = /^(?:|\$\{.*\}|\$[A-Za-z_]+|\{\{.*\}\}|<.*>|x+|\*+|changeme|change_me|example|placeholder|todo|none|null|true|false|your[-_ ].*|.*\.\.\.)$/i;

export function detectEnvFileSecrets(text: string): Detection[] {
  const found: Detection[] = [];
  for (const entry of parseEnvFile(text)) {
    const rule = matchContextRule(entry.name, entry.value);
    if (rule) {
      found.push({ value: entry.value, provider: rule.provider, kind: rule.kind(entry.name), line: entry.line, envVar: entry.name, source: "store" });
      continue;
    }
    if (!SECRET_NAME.test(entry.name) || entry.value.length < 8 || PLACEHOLDER.test(entry.value)) continue;
    found.push({ value: entry.value, provider: "generic", kind: "secret", line: entry.line, envVar: entry.name, source: "fallback" });
  }
  return found;
}
