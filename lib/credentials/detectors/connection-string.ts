/**
 * Postgres and MySQL connection strings. The password is the secret; user, host, port and database are
 * the join facts that let a credential found in a file meet the role a database collector reports.
 */
import { normalizeHost } from "@/lib/graph/keys";
import type { Detection } from "@/lib/credentials/types";
import type { LineLocator } from "@/lib/credentials/text-lines";

const CONNECTION_STRING = /\b(postgres(?:ql)?|mysqlx?|mariadb)(?:\+[a-z0-9]+)?:\/\/([^\s:/@'"`]{1,128}):([^\s/@'"`]{1,256})@([^\s/?#'"`,;)]{1,256})(?:\/([^\s?#'"`,;)]{0,128}))?/gi;
const PLACEHOLDER = /^(?:\$\{.*\}|\$[A-Z_]+|\{\{.*\}\}|<[^>]*>|\*+|x+|password|passwd|pass|secret|changeme|example|your[-_]?password|\[password\]|%s)$/i;

export interface ParsedConnection {
  provider: "postgres" | "mysql";
  user: string;
  password: string;
  host: string;
  port: number;
  database: string;
}

/** Where the host is a known managed platform, say so: it tells the catalogue where backups live. */
export function platformOfHost(host: string): string | undefined {
  if (host.endsWith(".neon.tech")) return "neon";
  if (host.endsWith(".supabase.co") || host.endsWith(".supabase.com")) return "supabase";
  if (host.endsWith(".rlwy.net") || host.endsWith(".railway.internal") || host.endsWith(".railway.app")) return "railway";
  if (host.includes(".rds.amazonaws.com")) return "aws-rds";
  return undefined;
}

/** The same role password on the same server and database is one credential, wherever it is written. */
export function connectionFingerprintInput(c: Omit<ParsedConnection, "password"> & { password: string }): string {
  return `${c.provider}://${c.user}@${normalizeHost(c.host)}:${c.port}/${c.database}\u0000${c.password}`;
}

function decode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

export function parseConnectionString(match: RegExpExecArray): ParsedConnection | undefined {
  const [, scheme, rawUser, rawPassword, hostPort, rawDatabase] = match;
  const provider = scheme.toLowerCase().startsWith("postgres") ? "postgres" : "mysql";
  const password = decode(rawPassword);
  if (PLACEHOLDER.test(password) || password.length < 3) return undefined;
  const portMatch = /^(.*?)(?::(\d{1,5}))?$/.exec(hostPort.split(",")[0]);
  const host = normalizeHost(portMatch?.[1] ?? hostPort);
  if (!host || /[${}<>]/.test(host)) return undefined;
  const port = portMatch?.[2] ? Number(portMatch[2]) : provider === "postgres" ? 5432 : 3306;
  const user = decode(rawUser);
  const database = decode(rawDatabase ?? "") || (provider === "postgres" ? user : "");
  return { provider, user, password, host, port, database };
}

export function detectConnectionStrings(text: string, lines: LineLocator): Detection[] {
  const found: Detection[] = [];
  for (const match of text.matchAll(CONNECTION_STRING)) {
    const parsed = parseConnectionString(match as RegExpExecArray);
    if (!parsed) continue;
    const passwordStart = (match.index ?? 0) + match[0].indexOf(`:${match[3]}@`) + 1;
    const platform = platformOfHost(parsed.host);
    found.push({
      value: parsed.password,
      provider: parsed.provider,
      kind: "connection-string",
      line: lines.lineAt(match.index ?? 0),
      start: passwordStart,
      contextStart: match.index,
      identity: {
        host: parsed.host,
        port: parsed.port,
        database: parsed.database,
        user: parsed.user,
        ...(platform ? { platform } : {}),
      },
      fingerprintInput: connectionFingerprintInput(parsed),
      source: "pattern",
    });
  }
  return found;
}
