import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { computeEffectivePrivileges, mapPostgresCatalog, type PostgresCatalog } from "@/lib/collectors/postgres/map";
import { postgresDatabaseKey, postgresRoleKey, postgresSchemaKey, postgresServerKey, postgresTableKey } from "@/lib/graph/keys";
import { validateBatch } from "@/lib/graph/validate-batch";

const recorded = JSON.parse(
  fs.readFileSync(path.join(import.meta.dirname, "fixtures/pg15-shop.json"), "utf8"),
) as PostgresCatalog;
const loadCatalog = (): PostgresCatalog => structuredClone(recorded);

const HOST = "127.0.0.1";
const PORT = 5432;
const role = (name: string) => postgresRoleKey(HOST, PORT, name);
const db = postgresDatabaseKey(HOST, PORT, "shop");
const schema = (name: string) => postgresSchemaKey(HOST, PORT, "shop", name);
const table = (s: string, t: string) => postgresTableKey(HOST, PORT, "shop", s, t);
const TABLES: [string, string][] = [
  ["public", "orders"],
  ["public", "customers"],
  ["billing", "invoices"],
];

function d1Of(catalog: PostgresCatalog, name: string): string[] {
  return (computeEffectivePrivileges(catalog).get(name) ?? [])
    .filter((p) => p.class === "D1")
    .map((p) => `${p.action}@${p.resourceKey}`)
    .sort();
}

const OWNER_D1 = [
  `DROP DATABASE@${db}`,
  `DROP SCHEMA@${schema("public")}`,
  `DROP SCHEMA@${schema("billing")}`,
  `DROP VIEW@${table("public", "order_totals")}`,
  `DELETE@${table("public", "order_totals")}`,
  `TRUNCATE@${table("public", "order_totals")}`,
  ...TABLES.flatMap(([s, t]) => [`DROP TABLE@${table(s, t)}`, `DELETE@${table(s, t)}`, `TRUNCATE@${table(s, t)}`]),
].sort();

describe("mapPostgresCatalog on recorded PG15 rows", () => {
  it("produces a batch the store accepts", () => {
    expect(() => validateBatch(mapPostgresCatalog(loadCatalog()))).not.toThrow();
  });

  it("keeps role attributes on identity nodes", () => {
    const batch = mapPostgresCatalog(loadCatalog());
    expect(batch.nodes.find((n) => n.key === role("app_writer"))).toMatchObject({
      kind: "identity",
      name: "app_writer",
      props: { superuser: false, createrole: true, createdb: false, bypassrls: false, canLogin: true, inherit: true },
    });
  });

  it("builds server → database → schema → table containment", () => {
    const contains = mapPostgresCatalog(loadCatalog())
      .edges.filter((e) => e.kind === "contains")
      .map((e) => `${e.src.key} > ${e.dst.key}`);
    expect(contains).toEqual(
      expect.arrayContaining([
        `${postgresServerKey(HOST, PORT)} > ${db}`,
        `${db} > ${schema("billing")}`,
        `${schema("billing")} > ${table("billing", "invoices")}`,
      ]),
    );
  });

  it("maps PG15 memberships through the member's rolinherit", () => {
    const edges = mapPostgresCatalog(loadCatalog()).edges;
    const between = (src: string, dst: string) => edges.filter((e) => e.src.key === role(src) && e.dst.key === role(dst));
    expect(between("app_heir", "app_owner")).toEqual([expect.objectContaining({ kind: "member_of", props: expect.objectContaining({ inherit: true }) })]);
    expect(between("app_noinherit", "app_owner")).toEqual([
      expect.objectContaining({ kind: "can_assume", props: expect.objectContaining({ escalation: true, method: "SET ROLE" }) }),
    ]);
  });

  it("computes each role's effective D1 set exactly", () => {
    const catalog = loadCatalog();
    expect(d1Of(catalog, "app_owner")).toEqual(OWNER_D1);
    expect(d1Of(catalog, "app_heir")).toEqual(OWNER_D1);
    expect(d1Of(catalog, "app_noinherit")).toEqual([]);
    // The reader was granted DELETE on one table only; SELECT with grant option is not destructive data loss.
    expect(d1Of(catalog, "app_reader")).toEqual([`DELETE@${table("billing", "invoices")}`]);
    expect(d1Of(catalog, "app_admin")).toEqual([`DROP DATABASE@${db}`]);
    // pg_write_all_data: DELETE on tables (never TRUNCATE, never views).
    expect(d1Of(catalog, "app_writer")).toEqual(TABLES.map(([s, t]) => `DELETE@${table(s, t)}`).sort());
    // Auditor: pg_read_all_data (no D1), and a member of app_reader (with ADMIN), inheriting its DELETE.
    expect(d1Of(catalog, "app_auditor")).toEqual([`DELETE@${table("billing", "invoices")}`]);
  });

  it("classes escalation as D4: CREATEROLE, grant options, admin option, membership in a powerful role", () => {
    const can = mapPostgresCatalog(loadCatalog()).edges.filter((e) => e.kind === "can");
    const d4 = (name: string) =>
      can.filter((e) => e.src.key === role(name) && (e.props as { class: string }).class === "D4").map((e) => (e.props as { action: string }).action).sort();
    expect(d4("app_writer")).toEqual(["CREATEROLE", "MEMBER OF pg_write_all_data"]);
    expect(d4("app_reader")).toEqual(["GRANT SELECT"]);
    expect(d4("app_auditor")).toEqual(["GRANT ROLE app_reader"]);
    expect(d4("app_admin")).toEqual(["SUPERUSER"]);
    expect(d4("app_heir")).toEqual([]);
  });

  it("gives PUBLIC's grants to every role", () => {
    const catalog = loadCatalog();
    const inserts = (name: string) =>
      (computeEffectivePrivileges(catalog).get(name) ?? []).filter((p) => p.action === "INSERT" && p.resourceKey === table("public", "orders"));
    expect(inserts("app_noinherit")).toEqual([expect.objectContaining({ class: "W", fromRole: "public" })]);
  });

  it("honours the PG16 per-grant inherit option over rolinherit", () => {
    const catalog = loadCatalog();
    for (const m of catalog.memberships) {
      m.inheritOption = m.member !== "app_heir"; // heir's grant is NOINHERIT, noinherit's grant is INHERIT
      m.setOption = true;
    }
    expect(d1Of(catalog, "app_heir")).toEqual([]);
    expect(d1Of(catalog, "app_noinherit")).toEqual(OWNER_D1);
  });

  it("stays a valid batch when pg_roles and pg_namespace could not be read", () => {
    const catalog = loadCatalog();
    catalog.roles = [];
    catalog.schemas = [];
    const warnings: { code: string; message: string }[] = [];
    const batch = mapPostgresCatalog(catalog, warnings);
    expect(() => validateBatch(batch)).not.toThrow();
    expect(warnings.filter((w) => w.message.includes('"app_owner"'))).toHaveLength(1);
    expect(batch.nodes.find((n) => n.key === role("app_owner"))?.props).toMatchObject({ unresolved: true });
  });

  it("drops a membership with neither INHERIT nor SET (PG16)", () => {
    const catalog = loadCatalog();
    for (const m of catalog.memberships) {
      if (m.member === "app_heir") Object.assign(m, { inheritOption: false, setOption: false });
    }
    const edges = mapPostgresCatalog(catalog).edges.filter((e) => e.src.key === role("app_heir") && e.dst.key === role("app_owner"));
    expect(edges).toEqual([]);
  });
});
