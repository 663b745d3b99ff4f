/**
 * What an HTTP request does to a provider. GraphQL bodies are parsed and each mutation field is matched to
 * the catalogue by its words (`volumeDelete` on Railway's API is the catalogue's `volumeDelete`); REST calls
 * become "<collection> <verb>" (`DELETE /v2/projects/x` on Neon is `projectDelete`) and are matched the same
 * way. The host says which provider's catalogue applies; an unknown host is classified by its words and
 * marked as not catalogued.
 */
import { classifyUnlistedOperation } from "@/lib/guard/analyze/unlisted-operation";
import { graphqlDocumentsOfBody, readGraphqlDocument } from "@/lib/guard/analyze/graphql-body";
import type { HttpRequest } from "@/lib/guard/analyze/http-request";
import { matchCatalogActionByWords } from "@/lib/guard/catalog-actions";
import type { Operation } from "@/lib/guard/types";

/** API hosts of the catalogue's providers. */
const HOSTS: [RegExp, string][] = [
  [/(?:^|\.)railway\.(?:app|com)$/, "railway"],
  [/^api\.github\.com$|(?:^|\.)github\.com$/, "github"],
  [/(?:^|\.)neon\.tech$/, "neon"],
  [/^api\.vercel\.com$/, "vercel"],
  [/^api\.supabase\.(?:com|io)$|(?:^|\.)supabase\.co$/, "supabase"],
  [/^api\.cloudflare\.com$/, "cloudflare"],
  [/^api\.stripe\.com$/, "stripe"],
  [/^api\.anthropic\.com$/, "anthropic"],
  [/^api\.openai\.com$/, "openai"],
  [/^registry\.npmjs\.org$/, "npm"],
];

export function providerOfUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const host = new URL(url).hostname.toLowerCase();
    return HOSTS.find(([re]) => re.test(host))?.[1];
  } catch {
    return undefined;
  }
}

const VERB: Record<string, string> = { DELETE: "delete", POST: "create", PUT: "update", PATCH: "update", GET: "get", HEAD: "get" };

function restCollection(url: string): string | undefined {
  try {
    const segments = new URL(url).pathname.split("/").filter(Boolean);
    for (let i = segments.length - 1; i >= 0; i--) {
      const s = segments[i].toLowerCase();
      if (/^[a-z][a-z_-]*s$/.test(s) && s !== "api") return s;
    }
  } catch {
    // not a URL
  }
  return undefined;
}

export interface HttpAnalysis {
  operations: Operation[];
  unknown: string[];
}

export async function analyzeHttpRequest(req: HttpRequest, via: string): Promise<HttpAnalysis> {
  const provider = providerOfUrl(req.url);
  const out: HttpAnalysis = { operations: [], unknown: [] };
  const credentials = req.credentials.map((c) => ({ ...c, provider: c.provider ?? provider }));
  const op = (action: string, target: string | undefined, providerName = provider): void => {
    const row = providerName ? matchCatalogActionByWords(providerName, action) : undefined;
    out.operations.push({
      provider: providerName ?? hostOf(req.url),
      action: row?.action ?? action,
      class: row?.class ?? classifyUnlistedOperation([action]),
      catalogued: Boolean(row),
      target,
      via,
      credentials,
      dies: row?.dies,
    });
  };

  const graphql = req.bodies.some((b) => b !== undefined && graphqlDocumentsOfBody(b)) || /graphql/i.test(req.url ?? "");
  if (graphql) {
    let sawMutation = false;
    for (const body of req.bodies) {
      if (body === undefined) {
        out.unknown.push(`${req.tool} sends a GraphQL body the guard cannot read`);
        continue;
      }
      const docs = graphqlDocumentsOfBody(body);
      if (!docs) {
        out.unknown.push(`${req.tool} sends a body to a GraphQL endpoint that is not a GraphQL request`);
        continue;
      }
      for (const doc of docs) {
        const read = await readGraphqlDocument(doc);
        if (!read.ok) {
          out.unknown.push(read.error);
          continue;
        }
        for (const f of read.fields) {
          if (f.operation !== "mutation") continue;
          sawMutation = true;
          op(f.field, f.args || undefined);
        }
      }
    }
    if (!sawMutation && out.unknown.length === 0 && out.operations.length === 0) {
      out.operations.push({ provider: provider ?? hostOf(req.url), action: "GraphQL query", class: "R", catalogued: false, via, credentials });
    }
    return out;
  }

  const method = req.method.toUpperCase();
  const collection = req.url ? restCollection(req.url) : undefined;
  if (method === "GET" || method === "HEAD" || method === "OPTIONS") {
    out.operations.push({ provider: provider ?? hostOf(req.url), action: `${method} ${collection ?? "request"}`, class: "R", catalogued: false, via, credentials });
    return out;
  }
  const singular = collection?.replace(/ies$/, "y").replace(/s$/, "");
  const verb = VERB[method] ?? method.toLowerCase();
  if (provider && singular) {
    const row = matchCatalogActionByWords(provider, `${singular} ${verb}`);
    if (row) {
      out.operations.push({ provider, action: row.action, class: row.class, catalogued: true, target: req.url?.slice(0, 120), via, credentials, dies: row.dies });
      return out;
    }
  }
  // Not in the catalogue: a DELETE that carries a credential is destructive until shown otherwise.
  const cls = method === "DELETE" ? classifyUnlistedOperation(["delete", singular ?? ""]) : "W";
  out.operations.push({ provider: provider ?? hostOf(req.url), action: `${method} ${collection ?? req.url ?? ""}`.slice(0, 80), class: method === "DELETE" && credentials.length === 0 ? "W" : cls, catalogued: false, target: req.url?.slice(0, 120), via, credentials });
  return out;
}

function hostOf(url: string | undefined): string {
  try {
    return url ? new URL(url).hostname : "http";
  } catch {
    return "http";
  }
}
