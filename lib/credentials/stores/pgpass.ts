/** `~/.pgpass`: `hostname:port:database:username:password`, `\:` and `\\` escaped, `*` wildcards. */
import { connectionFingerprintInput, platformOfHost } from "@/lib/credentials/detectors/connection-string";
import { normalizeHost } from "@/lib/graph/keys";
import type { Detection } from "@/lib/credentials/types";

function splitPgpassLine(line: string): string[] {
  const fields: string[] = [];
  let current = "";
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (ch === "\\" && i + 1 < line.length) current += line[++i];
    else if (ch === ":") {
      fields.push(current);
      current = "";
    } else current += ch;
  }
  fields.push(current);
  return fields;
}

export function detectPgpassFile(text: string): Detection[] {
  const found: Detection[] = [];
  text.split(/\r?\n/).forEach((line, index) => {
    if (!line.trim() || line.trimStart().startsWith("#")) return;
    const fields = splitPgpassLine(line);
    if (fields.length < 5) return;
    const [rawHost, rawPort, database, user] = fields;
    const password = fields.slice(4).join(":");
    if (!password) return;
    const host = normalizeHost(rawHost === "*" ? "*" : rawHost);
    const port = rawPort === "*" ? 5432 : Number(rawPort) || 5432;
    const platform = platformOfHost(host);
    found.push({
      value: password,
      provider: "postgres",
      kind: "password",
      line: index + 1,
      identity: { host, port, database, user, ...(platform ? { platform } : {}) },
      fingerprintInput: connectionFingerprintInput({ provider: "postgres", user, password, host, port, database }),
      source: "store",
    });
  });
  return found;
}
