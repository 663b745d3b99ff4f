/**
 * Reads the Postgres catalogs the mapping needs, as the role in the connection string sees them.
 * Roles, memberships and databases are cluster-wide; schemas, tables and their ACLs are per database, so
 * the reader connects to each database it may. Roles come from `pg_roles`, never `pg_authid`: pg_authid adds
 * only the password hash, which must never leave the server.
 */
import pg from "pg";
import { AppError } from "@/lib/errors";
import type { CollectorWarning } from "@/lib/graph/types";
import type {
  DatabaseRow,
  MembershipRow,
  PostgresCatalog,
  RoleRow,
  SchemaRow,
  TablePrivilegeRow,
  TableRow,
} from "@/lib/collectors/postgres/map";

export interface ReadPostgresOptions {
  url: string;
  /** Only these databases (default: every database the role may connect to). */
  databases?: string[];
  connectTimeoutMs?: number;
  signal?: AbortSignal;
  onProgress?: (update: { phase: string; done?: number; total?: number }) => void;
}

const PERMISSION_DENIED = "42501";
const USER_SCHEMAS = "n.nspname not like 'pg\\_%' and n.nspname <> 'information_schema'";

const ROLES_SQL = `select rolname as name, rolsuper as superuser, rolinherit as inherit, rolcreaterole as createrole,
  rolcreatedb as createdb, rolcanlogin as "canLogin", rolbypassrls as bypassrls
  from pg_catalog.pg_roles order by rolname`;
const MEMBERSHIP_COLUMNS_SQL = `select attname from pg_catalog.pg_attribute
  where attrelid = 'pg_catalog.pg_auth_members'::regclass and attnum > 0 and not attisdropped`;
const DATABASES_SQL = `select datname as name, pg_catalog.pg_get_userbyid(datdba) as owner, datallowconn as "allowConnections",
  pg_catalog.has_database_privilege(datname, 'CONNECT') as "canConnect"
  from pg_catalog.pg_database where not datistemplate order by datname`;
const SCHEMAS_SQL = `select n.nspname as name, pg_catalog.pg_get_userbyid(n.nspowner) as owner
  from pg_catalog.pg_namespace n where ${USER_SCHEMAS} order by 1`;
// Partitions are left out: their parent stands for them, and listing thousands of them adds nothing.
const TABLES_SQL = `select n.nspname as schema, c.relname as name, c.relkind::text as kind, pg_catalog.pg_get_userbyid(c.relowner) as owner
  from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
  where c.relkind in ('r', 'p', 'v', 'm', 'f') and not c.relispartition and ${USER_SCHEMAS} order by 1, 2`;
// A null relacl means the default ACL (the owner holds everything); acldefault spells it out.
const TABLE_PRIVILEGES_SQL = `select n.nspname as schema, c.relname as "table",
  case when a.grantee = 0 then 'PUBLIC' else pg_catalog.pg_get_userbyid(a.grantee) end as grantee,
  a.privilege_type as privilege, a.is_grantable as grantable
  from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
  cross join lateral pg_catalog.aclexplode(coalesce(c.relacl, pg_catalog.acldefault('r', c.relowner))) a
  where c.relkind in ('r', 'p', 'v', 'm', 'f') and not c.relispartition and ${USER_SCHEMAS}`;

/** Host and port as the keys name them, from the connection string. */
export function parsePostgresUrl(url: string): { host: string; port: number; database: string; user: string } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (error) {
    throw new AppError("bad_request:config", "postgres url is not a valid URL (expected postgres://user@host:5432/database)", { cause: error });
  }
  if (parsed.protocol !== "postgres:" && parsed.protocol !== "postgresql:") {
    throw new AppError("bad_request:config", `postgres url must start with postgres:// (got ${parsed.protocol}//)`);
  }
  const user = decodeURIComponent(parsed.username) || "postgres";
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, "")) || user;
  return { host: parsed.hostname.replace(/^\[|\]$/g, "") || "localhost", port: Number(parsed.port || 5432), database, user };
}

export async function readPostgresCatalog(
  options: ReadPostgresOptions,
): Promise<{ catalog: PostgresCatalog; warnings: CollectorWarning[] }> {
  const target = parsePostgresUrl(options.url);
  const warnings: CollectorWarning[] = [];
  const main = await connectOrThrow(options.url, target, options.connectTimeoutMs);
  const catalog: PostgresCatalog = {
    host: target.host,
    port: target.port,
    roles: [],
    memberships: [],
    databases: [],
    schemas: [],
    tables: [],
    tablePrivileges: [],
  };
  try {
    options.onProgress?.({ phase: "roles" });
    catalog.roles = (await queryOrWarn<RoleRow>(main, ROLES_SQL, "pg_roles", target.database, warnings)) ?? [];
    catalog.memberships = (await readMemberships(main, target.database, warnings)) ?? [];
    const databases =
      (await queryOrWarn<DatabaseRow & { allowConnections: boolean; canConnect: boolean }>(
        main,
        DATABASES_SQL,
        "pg_database",
        target.database,
        warnings,
      )) ?? [];
    const wanted = options.databases ? new Set(options.databases) : undefined;
    catalog.databases = databases.filter((db) => !wanted || wanted.has(db.name)).map(({ name, owner }) => ({ name, owner }));
    for (const name of wanted ?? []) {
      if (!databases.some((db) => db.name === name)) {
        warnings.push({ code: "postgres:database_missing", message: `database "${name}" was not found`, location: { path: name } });
      }
    }

    const visit = databases.filter((db) => !wanted || wanted.has(db.name));
    let done = 0;
    for (const db of visit) {
      options.signal?.throwIfAborted();
      options.onProgress?.({ phase: `database ${db.name}`, done, total: visit.length });
      done += 1;
      if (!db.allowConnections || !db.canConnect) {
        warnings.push({
          code: "postgres:database_skipped",
          message: `cannot connect to database "${db.name}" (${db.allowConnections ? "no CONNECT privilege" : "connections disallowed"}); its schemas and tables are not listed`,
          location: { path: db.name },
        });
        continue;
      }
      if (db.name === target.database) {
        await readDatabase(main, db.name, catalog, warnings);
        continue;
      }
      let client: pg.Client;
      try {
        client = await connect(withDatabase(options.url, db.name), options.connectTimeoutMs);
      } catch (error) {
        warnings.push({
          code: "postgres:database_unreachable",
          message: `cannot connect to database "${db.name}": ${describeConnectError(error)}`,
          location: { path: db.name },
        });
        continue;
      }
      try {
        await readDatabase(client, db.name, catalog, warnings);
      } finally {
        await client.end().catch(() => {});
      }
    }
  } finally {
    await main.end().catch(() => {});
  }
  return { catalog, warnings };
}

async function readMemberships(client: pg.Client, database: string, warnings: CollectorWarning[]): Promise<MembershipRow[] | undefined> {
  // PG16 moved INHERIT and SET onto each grant; older servers only have the member's rolinherit.
  const columns = await queryOrWarn<{ attname: string }>(client, MEMBERSHIP_COLUMNS_SQL, "pg_auth_members columns", database, warnings);
  const names = new Set((columns ?? []).map((row) => row.attname));
  const sql = `select r.rolname as role, m.rolname as member, am.admin_option as "adminOption",
    ${names.has("inherit_option") ? "am.inherit_option" : "null::boolean"} as "inheritOption",
    ${names.has("set_option") ? "am.set_option" : "null::boolean"} as "setOption"
    from pg_catalog.pg_auth_members am
    join pg_catalog.pg_roles r on r.oid = am.roleid
    join pg_catalog.pg_roles m on m.oid = am.member`;
  return queryOrWarn<MembershipRow>(client, sql, "pg_auth_members", database, warnings);
}

async function readDatabase(client: pg.Client, database: string, catalog: PostgresCatalog, warnings: CollectorWarning[]): Promise<void> {
  const schemas = await queryOrWarn<Omit<SchemaRow, "database">>(client, SCHEMAS_SQL, "pg_namespace", database, warnings);
  const tables = await queryOrWarn<Omit<TableRow, "database">>(client, TABLES_SQL, "pg_class", database, warnings);
  const privileges = await queryOrWarn<Omit<TablePrivilegeRow, "database">>(
    client,
    TABLE_PRIVILEGES_SQL,
    "pg_class.relacl",
    database,
    warnings,
  );
  // A loop, not push(...rows): a database with many tables would overflow the call stack.
  for (const row of schemas ?? []) catalog.schemas.push({ ...row, database });
  for (const row of tables ?? []) catalog.tables.push({ ...row, database });
  for (const row of privileges ?? []) catalog.tablePrivileges.push({ ...row, database });
}

/** A denied or failed catalog query costs that part of the picture, not the whole collection. */
async function queryOrWarn<Row>(
  client: pg.Client,
  sql: string,
  what: string,
  database: string,
  warnings: CollectorWarning[],
): Promise<Row[] | undefined> {
  try {
    return (await client.query(sql)).rows as Row[];
  } catch (error) {
    const code = (error as { code?: string }).code;
    warnings.push({
      code: code === PERMISSION_DENIED ? "postgres:permission_denied" : "postgres:query_failed",
      message: `reading ${what} in database "${database}" failed: ${(error as Error).message}`,
      location: { path: `${database}/${what}` },
    });
    return undefined;
  }
}

async function connectOrThrow(
  url: string,
  target: { host: string; port: number; database: string },
  timeoutMs?: number,
): Promise<pg.Client> {
  try {
    return await connect(url, timeoutMs);
  } catch (error) {
    // The driver's message never contains the password; the URL itself is not repeated for that reason.
    throw new AppError(
      "database:unreachable",
      `Postgres at ${target.host}:${target.port}/${target.database} is unreachable: ${describeConnectError(error)}`,
      { cause: error },
    );
  }
}

async function connect(url: string, timeoutMs = 10_000): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs, application_name: "blastmap-collector" });
  client.on("error", () => {}); // a dropped connection surfaces on the next query instead of crashing the process
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => {});
    throw error;
  }
  return client;
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}

/**
 * What went wrong, in words that do not tell a closed port from a filtered one or from a server that
 * is not Postgres (F15: a source must not serve as a port scanner). Once a Postgres server answers (its
 * errors carry a SQLSTATE: bad password, no such database), its own message is kept.
 */
function describeConnectError(error: unknown): string {
  const err = error as { message?: string; code?: string };
  if (typeof err.code === "string" && /^[0-9A-Z]{5}$/.test(err.code) && !err.code.startsWith("E") && err.message) return err.message;
  return "no Postgres server answered there (refused, timed out, or not Postgres)";
}
