/**
 * An MCP tool call → catalogue operations. The server's name says the provider (`railway`, `github`…); the
 * tool's name is matched to that provider's catalogue actions by its words (`volume_delete` is
 * `volumeDelete`); GraphQL and SQL in its arguments are parsed like any other. Unknown servers' tools are
 * classified by their words.
 */
import { REDACTED, redactConfigText } from "@/lib/collectors/workspace/redact-config-text";
import { isSecretName } from "@/lib/collectors/workspace/secret-positions";
import { graphqlDocumentsOfBody } from "@/lib/guard/analyze/graphql-body";
import { analyzeHttpRequest } from "@/lib/guard/analyze/http-operations";
import { readSqlStatements } from "@/lib/guard/analyze/sql-statements";
import { classifyUnlistedOperation } from "@/lib/guard/analyze/unlisted-operation";
import { findCatalogAction, identifierWords, matchCatalogActionByWords } from "@/lib/guard/catalog-actions";
import type { CallAnalysis } from "@/lib/guard/types";

const SERVER_PROVIDER: [RegExp, string][] = [
  [/railway/i, "railway"],
  [/github/i, "github"],
  [/neon/i, "neon"],
  [/supabase/i, "supabase"],
  [/vercel/i, "vercel"],
  [/cloudflare/i, "cloudflare"],
  [/stripe/i, "stripe"],
  [/kube|k8s/i, "kubernetes"],
  [/postgres|\bpg\b|sql/i, "postgres"],
  [/aws/i, "aws"],
];

export function providerOfMcpServer(server: string): string | undefined {
  return SERVER_PROVIDER.find(([re]) => re.test(server))?.[1];
}

function stringArgs(input: Record<string, unknown>): [string, string][] {
  return Object.entries(input).filter((e): e is [string, string] => typeof e[1] === "string");
}

export async function analyzeMcpCall(server: string, tool: string, input: Record<string, unknown>): Promise<{ analysis: CallAnalysis; provider?: string }> {
  const provider = providerOfMcpServer(server);
  const out: CallAnalysis = { operations: [], unknown: [], inReach: [], faults: [] };
  const via = `MCP ${server.slice(0, 40)}`;
  const args = stringArgs(input);

  // GraphQL or SQL carried in the arguments is read like a curl body or a psql script.
  const gql = args.find(([, v]) => graphqlDocumentsOfBody(v));
  if (gql && /graphql|query|mutation/i.test(`${tool} ${gql[0]}`)) {
    const http = await analyzeHttpRequest({ tool: via, method: "POST", url: undefined, headers: [], bodies: [gql[1]], credentials: [], bodyFiles: [] }, via);
    for (const op of http.operations) {
      const row = provider ? matchCatalogActionByWords(provider, op.action) : undefined;
      out.operations.push(row ? { ...op, provider: row.provider, action: row.action, class: row.class, catalogued: true, dies: row.dies } : { ...op, provider: provider ?? op.provider });
    }
    for (const why of http.unknown) out.unknown.push({ why, credentials: [] });
    return { analysis: out, provider };
  }
  const sql = args.find(([k]) => /^(?:sql|query|statement|sql_query)$/i.test(k));
  if (sql && (provider === "postgres" || provider === "supabase" || provider === "neon" || /sql|query/i.test(tool))) {
    const read = await readSqlStatements(sql[1]);
    if (!read.ok) out.unknown.push({ why: `${via} ${tool}: ${read.error}`, credentials: [] });
    else for (const op of read.operations) out.operations.push({ provider: provider === "postgres" || !provider ? "postgres" : provider, ...op, via: `${via} ${tool}`, credentials: [] });
    return { analysis: out, provider };
  }

  if (provider === "kubernetes" && identifierWords(tool).includes("delete")) {
    const kind = String(input.resourceType ?? input.kind ?? input.resource ?? "").toLowerCase();
    const plural = kind.endsWith("s") ? kind : `${kind}s`;
    const row = findCatalogAction("kubernetes", "delete", plural === "pvcs" ? "persistentvolumeclaims" : plural);
    out.operations.push({ provider, action: `delete ${plural}`, class: row?.class ?? classifyUnlistedOperation(["delete", kind]), catalogued: Boolean(row), target: String(input.name ?? "").slice(0, 80) || undefined, via, credentials: [] });
    return { analysis: out, provider };
  }

  const row = provider ? matchCatalogActionByWords(provider, tool) : undefined;
  // The target is shown to the agent and written to the decision log: an argument that is a secret (a
  // token passed as a tool input) is shown redacted, as collected configs are.
  const target = args.map(([k, v]) => `${k}: ${isSecretName(k) ? REDACTED : redactConfigText(v)}`).join(", ").slice(0, 120) || undefined;
  if (row) out.operations.push({ provider: row.provider, action: row.action, class: row.class, catalogued: true, target, via, credentials: [], dies: row.dies });
  else {
    const cls = classifyUnlistedOperation([tool]);
    if (cls !== "R" && cls !== "W") out.operations.push({ provider: provider ?? server, action: tool, class: cls, catalogued: false, target, via, credentials: [] });
  }
  return { analysis: out, provider };
}
