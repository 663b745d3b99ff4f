/**
 * Acceptance on the real server: a scratch database with an owner, a read-only role, a role that inherits
 * the owner, a NOINHERIT member of the owner and a superuser; each role's D1 set inside the scratch database
 * must be exactly what Postgres itself would allow.
 */
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminQuery, TEST_DATABASE_URL } from "@/lib/db/testing/drivers";
import { postgresCollector } from "@/lib/collectors/postgres";
import { computeEffectivePrivileges } from "@/lib/collectors/postgres/map";
import { parsePostgresUrl, readPostgresCatalog } from "@/lib/collectors/postgres/read";
import { silentContext } from "@/lib/collectors/types";
import { isAppError } from "@/lib/errors";
import { postgresDatabaseKey, postgresRoleKey, postgresSchemaKey, postgresTableKey } from "@/lib/graph/keys";
import { validateBatch } from "@/lib/graph/validate-batch";

const suffix = randomBytes(4).toString("hex");
const db = `blastmap_pgc_${suffix}`;
const owner = `bm_owner_${suffix}`;
const reader = `bm_reader_${suffix}`;
const heir = `bm_heir_${suffix}`;
const noinherit = `bm_noinh_${suffix}`;
const superuser = `bm_su_${suffix}`;
const writer = `bm_writer_${suffix}`;
const { host, port } = parsePostgresUrl(TEST_DATABASE_URL);

const dbKey = postgresDatabaseKey(host, port, db);
const schemaKey = (schema: string) => postgresSchemaKey(host, port, db, schema);
const tableKey = (schema: string, table: string) => postgresTableKey(host, port, db, schema, table);
const TABLES = [
  ["public", "orders"],
  ["public", "customers"],
  ["app", "events"],
] as const;

let reachable = true;

function scratchUrl(): string {
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${db}`;
  return url.toString();
}

async function scratchQuery(sql: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: scratchUrl() });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  try {
    await adminQuery("select 1");
  } catch {
    reachable = false;
    return;
  }
  await adminQuery(`create role ${owner} login`);
  await adminQuery(`create role ${reader} login`);
  await adminQuery(`create role ${heir} login inherit in role ${owner}`);
  await adminQuery(`create role ${noinherit} login noinherit in role ${owner}`);
  await adminQuery(`create role ${superuser} superuser nologin`);
  await adminQuery(`create role ${writer} login in role pg_write_all_data`);
  await adminQuery(`create database ${db} owner ${owner}`);
  await scratchQuery(`
    create schema app authorization ${owner};
    create table public.orders (id int);
    create table public.customers (id int);
    create table app.events (id int);
    alter table public.orders owner to ${owner};
    alter table public.customers owner to ${owner};
    alter table app.events owner to ${owner};
    grant usage on schema app to ${reader};
    grant select on all tables in schema public, app to ${reader};
    grant select on public.customers to ${reader} with grant option;
  `);
});

afterAll(async () => {
  if (!reachable) return;
  await adminQuery(`drop database if exists ${db} with (force)`);
  for (const role of [heir, noinherit, reader, superuser, writer, owner]) {
    await adminQuery(`drop role if exists ${role}`);
  }
});

/** "ACTION@key" for every D1 privilege inside the scratch database. */
function scratchD1(privileges: { action: string; class: string; resourceKey: string }[] | undefined): string[] {
  return (privileges ?? [])
    .filter((p) => p.class === "D1" && (p.resourceKey === dbKey || p.resourceKey.startsWith(`${dbKey}/`)))
    .map((p) => `${p.action}@${p.resourceKey}`)
    .sort();
}

describe("postgres collector on a real server", () => {
  it("computes each role's D1 set exactly", async (ctx) => {
    if (!reachable) ctx.skip();
    const { catalog, warnings } = await readPostgresCatalog({ url: TEST_DATABASE_URL, databases: [db] });
    expect(warnings).toEqual([]);
    const effective = computeEffectivePrivileges(catalog);

    const ownerD1 = [
      `DROP DATABASE@${dbKey}`,
      `DROP SCHEMA@${schemaKey("public")}`, // public is owned by pg_database_owner, i.e. the database owner
      `DROP SCHEMA@${schemaKey("app")}`,
      ...TABLES.flatMap(([s, t]) => [`DROP TABLE@${tableKey(s, t)}`, `DELETE@${tableKey(s, t)}`, `TRUNCATE@${tableKey(s, t)}`]),
    ].sort();
    expect(scratchD1(effective.get(owner))).toEqual(ownerD1);
    expect(scratchD1(effective.get(heir))).toEqual(ownerD1);
    expect(scratchD1(effective.get(reader))).toEqual([]);
    // NOINHERIT: nothing without SET ROLE (the graph carries a can_assume escalation edge for that).
    expect(scratchD1(effective.get(noinherit))).toEqual([]);
    // Attributes are not inherited: a superuser's reach into the database is DROP DATABASE (and containment).
    expect(scratchD1(effective.get(superuser))).toEqual([`DROP DATABASE@${dbKey}`]);
    // pg_write_all_data grants DELETE (not TRUNCATE) on every table.
    expect(scratchD1(effective.get(writer))).toEqual(TABLES.map(([s, t]) => `DELETE@${tableKey(s, t)}`).sort());
  });

  it("agrees with has_table_privilege for DELETE and TRUNCATE", async (ctx) => {
    if (!reachable) ctx.skip();
    const { catalog } = await readPostgresCatalog({ url: TEST_DATABASE_URL, databases: [db] });
    const effective = computeEffectivePrivileges(catalog);
    for (const role of [owner, heir, reader, noinherit, writer]) {
      for (const [schema, table] of TABLES) {
        for (const privilege of ["DELETE", "TRUNCATE", "SELECT", "INSERT"]) {
          const { rows } = await scratchQuery(
            `select has_table_privilege('${role}', '${schema}.${table}', '${privilege}') as ok`,
          );
          const ours = (effective.get(role) ?? []).some(
            (p) => p.action === privilege && p.resourceKey === tableKey(schema, table),
          );
          expect({ role, schema, table, privilege, ours }).toEqual({ role, schema, table, privilege, ours: rows[0].ok });
        }
      }
    }
  });

  it("emits a valid batch with identities, memberships, containment and escalation edges", async (ctx) => {
    if (!reachable) ctx.skip();
    const batch = validateBatch(
      await postgresCollector.collect(postgresCollector.configSchema.parse({ url: TEST_DATABASE_URL, databases: [db] }), silentContext(Buffer.alloc(32))),
    );
    const roleKey = (role: string) => postgresRoleKey(host, port, role);
    const ownerNode = batch.nodes.find((n) => n.key === roleKey(owner));
    expect(ownerNode?.props).toMatchObject({ superuser: false, canLogin: true, inherit: true });
    expect(batch.nodes.find((n) => n.key === roleKey(superuser))?.props).toMatchObject({ superuser: true, canLogin: false });
    expect(batch.edges).toContainEqual(
      expect.objectContaining({ kind: "member_of", src: { kind: "identity", key: roleKey(heir) }, dst: { kind: "identity", key: roleKey(owner) } }),
    );
    expect(batch.edges).toContainEqual(
      expect.objectContaining({
        kind: "can_assume",
        src: { kind: "identity", key: roleKey(noinherit) },
        dst: { kind: "identity", key: roleKey(owner) },
        props: expect.objectContaining({ escalation: true, method: "SET ROLE" }),
      }),
    );
    expect(batch.edges).toContainEqual(
      expect.objectContaining({ kind: "contains", src: { kind: "resource", key: schemaKey("app") }, dst: { kind: "resource", key: tableKey("app", "events") } }),
    );
    expect(batch.edges).toContainEqual(
      expect.objectContaining({
        kind: "can",
        src: { kind: "identity", key: roleKey(reader) },
        dst: { kind: "resource", key: tableKey("public", "customers") },
        props: expect.objectContaining({ action: "GRANT SELECT", class: "D4" }),
      }),
    );
    expect(batch.edges).toContainEqual(
      expect.objectContaining({
        kind: "can",
        src: { kind: "identity", key: roleKey(writer) },
        props: expect.objectContaining({ action: "MEMBER OF pg_write_all_data", class: "D4" }),
      }),
    );
  });

  it("warns, without failing, when the role may not connect to a database", async (ctx) => {
    if (!reachable) ctx.skip();
    await adminQuery(`revoke connect on database ${db} from public`);
    try {
      const url = new URL(TEST_DATABASE_URL);
      url.username = reader;
      const { catalog, warnings } = await readPostgresCatalog({ url: url.toString(), databases: [db] });
      expect(warnings).toEqual([expect.objectContaining({ code: "postgres:database_skipped", location: { path: db } })]);
      expect(catalog.roles.some((r) => r.name === owner)).toBe(true);
      expect(catalog.tables).toEqual([]);
    } finally {
      await adminQuery(`grant connect on database ${db} to public`);
    }
  });

  it("warns with a location when a catalog query is denied, and keeps collecting", async (ctx) => {
    if (!reachable) ctx.skip();
    // pg_namespace's ACL is per database, so revoking it in the scratch database touches nothing else.
    await scratchQuery("revoke select on pg_catalog.pg_namespace from public");
    try {
      const url = new URL(TEST_DATABASE_URL);
      url.username = reader;
      const { catalog, warnings } = await readPostgresCatalog({ url: url.toString(), databases: [db] });
      expect(warnings.map((w) => [w.code, w.location?.path])).toEqual([
        ["postgres:permission_denied", `${db}/pg_namespace`],
        ["postgres:permission_denied", `${db}/pg_class`],
        ["postgres:permission_denied", `${db}/pg_class.relacl`],
      ]);
      expect(warnings[0].message).toMatch(/permission denied/);
      expect(catalog.roles.some((r) => r.name === owner)).toBe(true);
      expect(catalog.databases).toEqual([{ name: db, owner }]);
    } finally {
      await scratchQuery("grant select on pg_catalog.pg_namespace to public");
    }
  });

  it("fails with one clear line when the server is unreachable", async () => {
    const error = await postgresCollector
      .collect({ url: "postgres://nobody:fake-password@127.0.0.1:1/none" }, silentContext(Buffer.alloc(32)))
      .catch((e: unknown) => e);
    expect(isAppError(error) && error.code).toBe("database:unreachable");
    expect((error as Error).message).toMatch(/^Postgres at 127\.0\.0\.1:1\/none is unreachable: .+/);
    expect((error as Error).message).not.toContain("fake-password");
  });
});
