/**
 * The top-level mutation fields of a GraphQL request body, read with the reference parser (`graphql`,
 * its language parser only: ~15 ms to load, on first use). A query reads; each mutation field is one
 * operation (`volumeDelete`), whatever the operation is named and however the JSON is wrapped.
 */
export interface GraphqlOperationField {
  operation: "query" | "mutation" | "subscription";
  field: string;
  /** Literal argument values, bounded ("volumeId: 3f1c…"), for the reason. */
  args: string;
}

export type GraphqlRead = { ok: true; fields: GraphqlOperationField[] } | { ok: false; error: string };

type ParseFn = typeof import("graphql/language/parser.js").parse;
let parseGraphql: Promise<ParseFn> | undefined;

/** Queries in a request body: `{"query": …}`, a batch `[{"query": …}]`, or a bare document. */
export function graphqlDocumentsOfBody(body: string): string[] | undefined {
  const trimmed = body.trim();
  if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
    try {
      const json = JSON.parse(trimmed) as unknown;
      const items = Array.isArray(json) ? json : [json];
      const docs = items.map((item) => (item && typeof item === "object" ? (item as { query?: unknown }).query : undefined)).filter((q): q is string => typeof q === "string");
      return docs.length > 0 ? docs : undefined;
    } catch {
      // A bare `{ field }` selection set is a GraphQL document, not JSON.
      return /^\{\s*[A-Za-z_]/.test(trimmed) ? [trimmed] : undefined;
    }
  }
  return /^(?:mutation|query|subscription)\b/.test(trimmed) ? [trimmed] : undefined;
}

export async function readGraphqlDocument(document: string): Promise<GraphqlRead> {
  try {
    parseGraphql ??= import("graphql/language/parser.js").then((m) => m.parse);
    const doc = (await parseGraphql)(document, { noLocation: true });
    const fields: GraphqlOperationField[] = [];
    for (const def of doc.definitions) {
      if (def.kind !== "OperationDefinition") continue;
      for (const selection of def.selectionSet.selections) {
        if (selection.kind !== "Field") {
          // Fragments spread at the top level of a mutation hide its fields: unknown.
          if (def.operation === "mutation") return { ok: false, error: "a mutation spreads a fragment at its top level" };
          continue;
        }
        const args = (selection.arguments ?? [])
          .map((a) => `${a.name.value}: ${a.value.kind === "StringValue" ? a.value.value : a.value.kind === "Variable" ? `$${a.value.name.value}` : "…"}`)
          .join(", ")
          .slice(0, 120);
        fields.push({ operation: def.operation as GraphqlOperationField["operation"], field: selection.name.value, args });
      }
    }
    return { ok: true, fields };
  } catch (error) {
    return { ok: false, error: `the GraphQL body does not parse (${(error as Error).message.slice(0, 120)})` };
  }
}
