/**
 * SQL sent to Postgres, read with the Postgres server's own parser (libpg-query, WASM, MIT; loaded on first
 * use, ~40 ms). Classes come from the catalogue's Postgres entry (lib/catalog/providers/postgres.ts:
 * DROP DATABASE, TRUNCATE, DELETE are D1): every DROP (a table, a schema, a column through ALTER … DROP) is
 * the catalogue's DROP; a DELETE without WHERE is its DELETE; a DELETE with WHERE is a write. An UPDATE
 * without WHERE overwrites every row, so its old values are gone: D1, marked as not catalogued (the
 * catalogue's UPDATE is a W). A data-modifying statement inside a CTE counts like a top-level one.
 */
import type { ActionClass } from "@/lib/graph/types";
import { findCatalogAction } from "@/lib/guard/catalog-actions";

export interface SqlOperation {
  action: string;
  class: ActionClass;
  catalogued: boolean;
  target?: string;
}

export type SqlRead = { ok: true; operations: SqlOperation[]; metaCommands: string[] } | { ok: false; error: string };

type ParseFn = (sql: string) => Promise<{ stmts?: { stmt: Record<string, unknown> }[] }>;
let parsePg: Promise<ParseFn> | undefined;

function catalogued(action: string, fallback: ActionClass): { class: ActionClass; catalogued: boolean } {
  const row = findCatalogAction("postgres", action);
  if (row) return { class: row.class, catalogued: true };
  // `DROP TABLE` is the catalogue's DROP (its row is `DROP DATABASE`): same verb, same class.
  const verb = action.split(" ")[0];
  const sameVerb = findCatalogAction("postgres", verb) ?? findCatalogAction("postgres", `${verb} DATABASE`);
  return sameVerb ? { class: sameVerb.class, catalogued: true } : { class: fallback, catalogued: false };
}

function relationName(node: unknown): string | undefined {
  const rv = node as { relname?: string; schemaname?: string } | undefined;
  return rv?.relname ? (rv.schemaname ? `${rv.schemaname}.${rv.relname}` : rv.relname) : undefined;
}

function objectNames(objects: unknown): string {
  const names = (Array.isArray(objects) ? objects : [])
    .map((o) => {
      const items = (o as { List?: { items?: { String?: { sval?: string } }[] } }).List?.items ?? [o as { String?: { sval?: string } }];
      return items.map((i) => i.String?.sval).filter(Boolean).join(".");
    })
    .filter(Boolean);
  return names.join(", ").slice(0, 120);
}

const KIND_NAMES: Record<string, string> = {
  OBJECT_TABLE: "TABLE",
  OBJECT_SCHEMA: "SCHEMA",
  OBJECT_INDEX: "INDEX",
  OBJECT_VIEW: "VIEW",
  OBJECT_MATVIEW: "MATERIALIZED VIEW",
  OBJECT_SEQUENCE: "SEQUENCE",
  OBJECT_FUNCTION: "FUNCTION",
  OBJECT_TYPE: "TYPE",
  OBJECT_EXTENSION: "EXTENSION",
  OBJECT_ROLE: "ROLE",
};

function classifyStatement(type: string, body: Record<string, unknown>, out: SqlOperation[]): void {
  switch (type) {
    case "DropdbStmt":
      out.push({ action: "DROP DATABASE", ...catalogued("DROP DATABASE", "D1"), target: String(body.dbname ?? "") });
      return;
    case "DropStmt": {
      const kind = KIND_NAMES[String(body.removeType)] ?? String(body.removeType ?? "").replace(/^OBJECT_/, "");
      // Dropping an index, view or function loses no data: a write. Tables, schemas, types and the rest: DROP.
      const harmless = ["INDEX", "VIEW", "FUNCTION"].includes(kind);
      const action = `DROP ${kind}`;
      out.push(harmless ? { action, class: "W", catalogued: false, target: objectNames(body.objects) } : { action, ...catalogued(action, "D1"), target: objectNames(body.objects) });
      return;
    }
    case "DropRoleStmt":
      out.push({ action: "DROP ROLE", class: "D4", catalogued: false });
      return;
    case "TruncateStmt":
      out.push({ action: "TRUNCATE", ...catalogued("TRUNCATE", "D1"), target: (body.relations as unknown[] | undefined)?.map((r) => relationName((r as { RangeVar?: unknown }).RangeVar)).join(", ") });
      return;
    case "DeleteStmt":
      if (body.whereClause) out.push({ action: "DELETE … WHERE", class: "W", catalogued: false, target: relationName(body.relation) });
      else out.push({ action: "DELETE", ...catalogued("DELETE", "D1"), target: `every row of ${relationName(body.relation) ?? "a table"}` });
      return;
    case "UpdateStmt":
      if (body.whereClause) out.push({ action: "UPDATE", ...catalogued("UPDATE", "W"), target: relationName(body.relation) });
      else out.push({ action: "UPDATE without WHERE", class: "D1", catalogued: false, target: `every row of ${relationName(body.relation) ?? "a table"}` });
      return;
    case "AlterTableStmt": {
      const cmds = (body.cmds as { AlterTableCmd?: { subtype?: string; name?: string } }[] | undefined) ?? [];
      const drops = cmds.filter((c) => /^AT_Drop(?:Column|Constraint)?$/.test(c.AlterTableCmd?.subtype ?? "") && c.AlterTableCmd?.subtype !== "AT_DropConstraint");
      if (drops.length > 0) {
        out.push({ action: "ALTER TABLE … DROP COLUMN", ...catalogued("DROP", "D1"), target: `${relationName(body.relation)}.${drops.map((d) => d.AlterTableCmd?.name).join(", ")}` });
      } else {
        out.push({ action: "ALTER TABLE", class: "W", catalogued: false, target: relationName(body.relation) });
      }
      return;
    }
    case "GrantStmt":
    case "GrantRoleStmt":
    case "CreateRoleStmt":
    case "AlterRoleStmt":
      out.push({ action: type.replace(/Stmt$/, "").replace(/([a-z])([A-Z])/g, "$1 $2").toUpperCase(), class: "D4", catalogued: false });
      return;
    case "SelectStmt":
    case "ExplainStmt":
    case "VariableShowStmt":
      return;
    default:
      out.push({ action: type.replace(/Stmt$/, "").replace(/([a-z])([A-Z])/g, "$1 $2").toUpperCase(), class: "W", catalogued: false });
  }
}

/** Data-modifying statements nested anywhere (CTEs, EXPLAIN ANALYZE, rules). */
function walk(node: unknown, out: SqlOperation[], top: boolean): void {
  if (!node || typeof node !== "object") return;
  if (Array.isArray(node)) {
    for (const item of node) walk(item, out, false);
    return;
  }
  for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
    if (/Stmt$/.test(key) && value && typeof value === "object") {
      if (top || key === "DeleteStmt" || key === "UpdateStmt" || key === "TruncateStmt" || key === "DropStmt") classifyStatement(key, value as Record<string, unknown>, out);
      walk(value, out, false);
    } else {
      walk(value, out, false);
    }
  }
}

/** psql meta-commands (`\dt`, `\i file`, `\! cmd`) are not SQL: set aside, reported to the caller. */
function splitMetaCommands(script: string): { sql: string; meta: string[] } {
  const meta: string[] = [];
  const sql = script
    .split("\n")
    .map((line) => {
      const at = line.search(/^\s*\\/);
      if (at === -1) return line;
      meta.push(line.trim().slice(0, 80));
      return "";
    })
    .join("\n");
  return { sql, meta };
}

export async function readSqlStatements(script: string): Promise<SqlRead> {
  const { sql, meta } = splitMetaCommands(script);
  if (!sql.trim()) return { ok: true, operations: [], metaCommands: meta };
  try {
    parsePg ??= import("libpg-query").then((m) => m.parse as unknown as ParseFn);
    const result = await (await parsePg)(sql);
    const operations: SqlOperation[] = [];
    for (const s of result.stmts ?? []) walk(s.stmt, operations, true);
    return { ok: true, operations, metaCommands: meta };
  } catch (error) {
    return { ok: false, error: `the SQL does not parse (${(error as Error).message.slice(0, 120)})` };
  }
}
