/**
 * Pure mapping from Postgres catalog rows to the graph: roles become identities, memberships become
 * `member_of` (or `can_assume` when only SET ROLE reaches the role), the server → database → schema → table
 * tree becomes `contains`, and what each role may do directly becomes `can` edges. Reach traverses the
 * memberships; `computeEffectivePrivileges` does the same here so the mapping can be checked against
 * Postgres's own `has_table_privilege`.
 */
import type { ActionClass, CollectorWarning, GraphBatch, GraphEdge, GraphNode, NodeRef } from "@/lib/graph/types";
import {
  postgresDatabaseKey,
  postgresRoleKey,
  postgresSchemaKey,
  postgresServerKey,
  postgresTableKey,
} from "@/lib/graph/keys";

export interface RoleRow {
  name: string;
  superuser: boolean;
  inherit: boolean;
  createrole: boolean;
  createdb: boolean;
  canLogin: boolean;
  bypassrls: boolean;
}
export interface MembershipRow {
  role: string;
  member: string;
  adminOption: boolean;
  /** PG16+ per-grant INHERIT option; null before PG16, where the member's `rolinherit` decides. */
  inheritOption: boolean | null;
  /** PG16+ per-grant SET option; null before PG16, where every member may SET ROLE. */
  setOption: boolean | null;
}
export interface DatabaseRow {
  name: string;
  owner: string;
}
export interface SchemaRow {
  database: string;
  name: string;
  owner: string;
}
export interface TableRow {
  database: string;
  schema: string;
  name: string;
  /** pg_class.relkind: r table, p partitioned table, v view, m materialized view, f foreign table. */
  kind: string;
  owner: string;
}
export interface TablePrivilegeRow {
  database: string;
  schema: string;
  table: string;
  /** A role name, or "PUBLIC". */
  grantee: string;
  privilege: string;
  grantable: boolean;
}
export interface PostgresCatalog {
  host: string;
  port: number;
  roles: RoleRow[];
  memberships: MembershipRow[];
  databases: DatabaseRow[];
  schemas: SchemaRow[];
  tables: TableRow[];
  tablePrivileges: TablePrivilegeRow[];
}

/** One thing a role may do by itself (not through membership). */
export interface DirectGrant {
  role: string;
  action: string;
  class: ActionClass;
  resource: NodeRef;
  /** Why: "owner", "superuser", "grant", "grant-option", "predefined-role", "attribute", "membership". */
  via: string;
}

/** PUBLIC is every role; "public" can never be a role name, so the key cannot collide with a real role. */
export const PUBLIC_ROLE = "public";
/** Owner of each database's `public` schema since PG15: whoever owns the database. */
const DATABASE_OWNER_ROLE = "pg_database_owner";
const TABLE_PRIVILEGE_CLASS: Record<string, ActionClass | undefined> = {
  DELETE: "D1",
  TRUNCATE: "D1",
  INSERT: "W",
  UPDATE: "W",
  TRIGGER: "W",
  SELECT: "R",
};
/** Predefined roles whose members can write or run things server-wide: membership is an escalation. */
const POWERFUL_PREDEFINED_ROLES = new Set(["pg_write_all_data", "pg_write_server_files", "pg_execute_server_program"]);
const RELKIND_TYPE: Record<string, string> = {
  r: "table",
  p: "partitioned-table",
  v: "view",
  m: "materialized-view",
  f: "foreign-table",
};

export function mapPostgresCatalog(catalog: PostgresCatalog, warnings: CollectorWarning[] = []): GraphBatch {
  const { host, port } = catalog;
  const nodes = new Map<string, GraphNode>();
  const edges: GraphEdge[] = [];
  // Nested maps rather than one concatenated string key: a large server has hundreds of thousands of edges.
  const seenEdges = new Map<string, Map<string, Set<string>>>();
  const addNode = (node: GraphNode) => {
    if (!nodes.has(node.key)) nodes.set(node.key, node);
  };
  const addEdge = (edge: GraphEdge) => {
    const action = (edge.props as { action?: string } | undefined)?.action ?? "";
    const bySrc = seenEdges.get(edge.src.key) ?? seenEdges.set(edge.src.key, new Map()).get(edge.src.key)!;
    const byDst = bySrc.get(edge.dst.key) ?? bySrc.set(edge.dst.key, new Set()).get(edge.dst.key)!;
    const id = `${edge.kind}\u0000${action}`;
    if (byDst.has(id)) return;
    byDst.add(id);
    edges.push(edge);
  };

  const serverRef: NodeRef = { kind: "resource", key: postgresServerKey(host, port) };
  addNode({ ...serverRef, name: `postgres ${host}:${port}`, props: { type: "postgres-server", host, port } });

  for (const role of catalog.roles) {
    addNode({
      kind: "identity",
      key: postgresRoleKey(host, port, role.name),
      name: role.name,
      props: {
        provider: "postgres",
        type: "postgres-role",
        superuser: role.superuser,
        createrole: role.createrole,
        createdb: role.createdb,
        bypassrls: role.bypassrls,
        canLogin: role.canLogin,
        inherit: role.inherit,
      },
    });
  }
  const publicRef = roleRef(catalog, PUBLIC_ROLE);
  addNode({ ...publicRef, name: "PUBLIC", props: { provider: "postgres", type: "postgres-role", pseudo: true } });
  for (const role of catalog.roles) {
    addEdge({ kind: "member_of", src: roleRef(catalog, role.name), dst: publicRef, props: { inherit: true, implicit: true } });
  }

  // A role named by a grant or membership but missing from pg_roles (dropped meanwhile, or pg_roles unreadable):
  // keep every edge's ends in the batch and say so once per role.
  const ensureRole = (name: string): NodeRef => {
    const ref = roleRef(catalog, name);
    if (!nodes.has(ref.key)) {
      addNode({ ...ref, name, props: { provider: "postgres", type: "postgres-role", unresolved: true } });
      warnings.push({ code: "postgres:unknown_role", message: `role "${name}" is granted or a member but is not in pg_roles` });
    }
    return ref;
  };

  for (const link of resolveMemberships(catalog)) {
    const src = ensureRole(link.member);
    const dst = ensureRole(link.role);
    if (link.inherit) {
      addEdge({ kind: "member_of", src, dst, props: { inherit: true, admin: link.adminOption } });
    } else if (link.set) {
      // Without INHERIT the member holds none of the role's privileges until it runs SET ROLE, which it may.
      addEdge({ kind: "can_assume", src, dst, props: { escalation: true, method: "SET ROLE", inherit: false } });
    }
  }

  for (const db of catalog.databases) {
    const ref: NodeRef = { kind: "resource", key: postgresDatabaseKey(host, port, db.name) };
    addNode({ ...ref, name: db.name, props: { type: "postgres-database", owner: db.owner, parent: serverRef.key } });
    addEdge({ kind: "contains", src: serverRef, dst: ref, props: {} });
  }
  for (const schema of catalog.schemas) {
    const ref: NodeRef = { kind: "resource", key: postgresSchemaKey(host, port, schema.database, schema.name) };
    const parent = postgresDatabaseKey(host, port, schema.database);
    addNode({
      ...ref,
      name: `${schema.database}/${schema.name}`,
      props: { type: "postgres-schema", owner: schema.owner, parent },
    });
    addEdge({ kind: "contains", src: { kind: "resource", key: parent }, dst: ref, props: {} });
  }
  for (const table of catalog.tables) {
    const ref: NodeRef = { kind: "resource", key: postgresTableKey(host, port, table.database, table.schema, table.name) };
    const parent = postgresSchemaKey(host, port, table.database, table.schema);
    if (!nodes.has(parent)) {
      addNode({ kind: "resource", key: parent, name: `${table.database}/${table.schema}`, props: { type: "postgres-schema" } });
      addEdge({ kind: "contains", src: databaseRef(catalog, table.database), dst: { kind: "resource", key: parent }, props: {} });
    }
    addNode({
      ...ref,
      name: `${table.database}/${table.schema}.${table.name}`,
      props: { type: `postgres-${RELKIND_TYPE[table.kind] ?? "relation"}`, owner: table.owner, parent },
    });
    addEdge({ kind: "contains", src: { kind: "resource", key: parent }, dst: ref, props: {} });
  }

  for (const grant of listDirectGrants(catalog)) {
    if (!nodes.has(grant.resource.key)) continue;
    const src = ensureRole(grant.role);
    addEdge({ kind: "can", src, dst: grant.resource, props: { action: grant.action, class: grant.class, via: grant.via } });
  }

  return { collector: "postgres", nodes: [...nodes.values()], edges, warnings };
}

interface ResolvedMembership {
  role: string;
  member: string;
  inherit: boolean;
  set: boolean;
  adminOption: boolean;
}

function resolveMemberships(catalog: PostgresCatalog): ResolvedMembership[] {
  const inheritByRole = new Map(catalog.roles.map((role) => [role.name, role.inherit]));
  return catalog.memberships.map((row) => ({
    role: row.role,
    member: row.member,
    // PG15 and older: the member's rolinherit decides for all of its memberships.
    inherit: row.inheritOption ?? inheritByRole.get(row.member) ?? true,
    set: row.setOption ?? true,
    adminOption: row.adminOption,
  }));
}

/** Everything each role may do by itself: attributes, ownership, ACL entries, predefined roles. */
export function listDirectGrants(catalog: PostgresCatalog): DirectGrant[] {
  const { host, port } = catalog;
  const grants: DirectGrant[] = [];
  const serverRef: NodeRef = { kind: "resource", key: postgresServerKey(host, port) };
  const dbOwner = new Map(catalog.databases.map((db) => [db.name, db.owner]));
  const ownerIn = (database: string, owner: string) => (owner === DATABASE_OWNER_ROLE ? dbOwner.get(database) ?? owner : owner);
  const roleNames = new Set(catalog.roles.map((role) => role.name));
  const powerful = new Set(
    catalog.roles.filter((r) => r.superuser || r.createrole || POWERFUL_PREDEFINED_ROLES.has(r.name)).map((r) => r.name),
  );

  for (const role of catalog.roles) {
    if (role.superuser) {
      grants.push({ role: role.name, action: "SUPERUSER", class: "D4", resource: serverRef, via: "superuser" });
      // A superuser can drop every database; containment carries that to every schema and table inside.
      for (const db of catalog.databases) {
        grants.push({ role: role.name, action: "DROP DATABASE", class: "D1", resource: databaseRef(catalog, db.name), via: "superuser" });
      }
    }
    if (role.createrole) grants.push({ role: role.name, action: "CREATEROLE", class: "D4", resource: serverRef, via: "attribute" });
    if (role.createdb) grants.push({ role: role.name, action: "CREATEDB", class: "W", resource: serverRef, via: "attribute" });
  }

  for (const link of resolveMemberships(catalog)) {
    if (link.adminOption) {
      grants.push({ role: link.member, action: `GRANT ROLE ${link.role}`, class: "D4", resource: serverRef, via: "membership" });
    }
    if (powerful.has(link.role) && (link.inherit || link.set)) {
      grants.push({ role: link.member, action: `MEMBER OF ${link.role}`, class: "D4", resource: serverRef, via: "membership" });
    }
  }

  for (const db of catalog.databases) {
    grants.push({ role: db.owner, action: "DROP DATABASE", class: "D1", resource: databaseRef(catalog, db.name), via: "owner" });
  }
  for (const schema of catalog.schemas) {
    // The schema owner may DROP SCHEMA … CASCADE, which drops every object inside whoever owns it.
    const resource: NodeRef = { kind: "resource", key: postgresSchemaKey(host, port, schema.database, schema.name) };
    grants.push({ role: ownerIn(schema.database, schema.owner), action: "DROP SCHEMA", class: "D1", resource, via: "owner" });
  }
  for (const table of catalog.tables) {
    const resource = tableRef(catalog, table.database, table.schema, table.name);
    grants.push({ role: ownerIn(table.database, table.owner), action: dropActionFor(table.kind), class: "D1", resource, via: "owner" });
    if (roleNames.has("pg_write_all_data") && isWritable(table.kind)) {
      for (const action of ["INSERT", "UPDATE", "DELETE"]) {
        grants.push({ role: "pg_write_all_data", action, class: TABLE_PRIVILEGE_CLASS[action]!, resource, via: "predefined-role" });
      }
    }
    if (roleNames.has("pg_read_all_data")) {
      grants.push({ role: "pg_read_all_data", action: "SELECT", class: "R", resource, via: "predefined-role" });
    }
  }
  for (const row of catalog.tablePrivileges) {
    const resource = tableRef(catalog, row.database, row.schema, row.table);
    const role = row.grantee === "PUBLIC" ? PUBLIC_ROLE : ownerIn(row.database, row.grantee);
    const cls = TABLE_PRIVILEGE_CLASS[row.privilege];
    if (cls) grants.push({ role, action: row.privilege, class: cls, resource, via: "grant" });
    if (row.grantable) grants.push({ role, action: `GRANT ${row.privilege}`, class: "D4", resource, via: "grant-option" });
  }
  return grants;
}

export interface EffectivePrivilege {
  action: string;
  class: ActionClass;
  resourceKey: string;
  /** The role whose grant it is (the role itself, or one it inherits from). */
  fromRole: string;
}

/**
 * What each role holds without SET ROLE, as Postgres computes it: its own grants plus the privileges of every
 * role it inherits, transitively, and PUBLIC's. Role attributes (SUPERUSER, CREATEROLE, CREATEDB) are never
 * inherited, so grants that exist only because of an attribute stay with that role.
 */
export function computeEffectivePrivileges(catalog: PostgresCatalog): Map<string, EffectivePrivilege[]> {
  const grants = listDirectGrants(catalog);
  const byRole = new Map<string, DirectGrant[]>();
  for (const grant of grants) {
    const list = byRole.get(grant.role);
    if (list) list.push(grant);
    else byRole.set(grant.role, [grant]);
  }
  const inherits = new Map<string, string[]>();
  for (const link of resolveMemberships(catalog)) {
    if (!link.inherit) continue;
    const list = inherits.get(link.member);
    if (list) list.push(link.role);
    else inherits.set(link.member, [link.role]);
  }
  const result = new Map<string, EffectivePrivilege[]>();
  for (const role of catalog.roles) {
    const reached = new Set([role.name, PUBLIC_ROLE]);
    const queue = [role.name];
    while (queue.length > 0) {
      for (const next of inherits.get(queue.shift()!) ?? []) {
        if (!reached.has(next)) {
          reached.add(next);
          queue.push(next);
        }
      }
    }
    const seen = new Set<string>();
    const privileges: EffectivePrivilege[] = [];
    for (const from of reached) {
      for (const grant of byRole.get(from) ?? []) {
        const attributeOnly = grant.via === "superuser" || grant.via === "attribute";
        if (from !== role.name && attributeOnly) continue;
        const id = `${grant.action}@${grant.resource.key}`;
        if (seen.has(id)) continue;
        seen.add(id);
        privileges.push({ action: grant.action, class: grant.class, resourceKey: grant.resource.key, fromRole: from });
      }
    }
    result.set(role.name, privileges);
  }
  return result;
}

/** Keys are built once per name: the same table key is needed once per grant, hundreds of thousands of times. */
const refCache = new WeakMap<PostgresCatalog, Map<string, NodeRef>>();
function cachedRef(catalog: PostgresCatalog, id: string, make: () => NodeRef): NodeRef {
  let cache = refCache.get(catalog);
  if (!cache) refCache.set(catalog, (cache = new Map()));
  let ref = cache.get(id);
  if (!ref) cache.set(id, (ref = make()));
  return ref;
}
function roleRef(catalog: PostgresCatalog, role: string): NodeRef {
  return cachedRef(catalog, `r\u0000${role}`, () => ({ kind: "identity", key: postgresRoleKey(catalog.host, catalog.port, role) }));
}
function databaseRef(catalog: PostgresCatalog, database: string): NodeRef {
  return cachedRef(catalog, `d\u0000${database}`, () => ({ kind: "resource", key: postgresDatabaseKey(catalog.host, catalog.port, database) }));
}
function tableRef(catalog: PostgresCatalog, database: string, schema: string, table: string): NodeRef {
  return cachedRef(catalog, `t\u0000${database}\u0000${schema}\u0000${table}`, () => ({
    kind: "resource",
    key: postgresTableKey(catalog.host, catalog.port, database, schema, table),
  }));
}
function dropActionFor(relkind: string): string {
  if (relkind === "v") return "DROP VIEW";
  if (relkind === "m") return "DROP MATERIALIZED VIEW";
  if (relkind === "f") return "DROP FOREIGN TABLE";
  return "DROP TABLE";
}
function isWritable(relkind: string): boolean {
  return relkind === "r" || relkind === "p" || relkind === "f";
}
