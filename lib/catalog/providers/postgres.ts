/**
 * Postgres and MySQL. WHY: a connection string names its role, so the identity is a fact (the database
 * collector's role node joins on the same key and brings the real grants). Until that collector reports
 * the role, the worst case of a role with a password is the owner's: DROP DATABASE, TRUNCATE, DELETE.
 */
import type { ProviderCatalogEntry } from "@/lib/catalog/providers/types";
import {
  mysqlDatabaseKey,
  mysqlUserKey,
  postgresDatabaseKey,
  postgresRoleKey,
  postgresServerKey,
} from "@/lib/graph/keys";

const WORST_CASE = [
  { action: "DROP DATABASE", class: "D1" },
  { action: "TRUNCATE", class: "D1" },
  { action: "DELETE", class: "D1" },
  { action: "UPDATE", class: "W" },
] as const;

export const postgresCatalog: ProviderCatalogEntry = (cred, graph) => {
  const id = cred.identity ?? {};
  const host = typeof id.host === "string" ? id.host : undefined;
  const user = typeof id.user === "string" ? id.user : undefined;
  if (!host || !user || host === "*") {
    const owner = graph.tokenOwner(cred.provider, `${cred.provider} role of this password`);
    graph.can(owner, graph.visible(cred.provider, "database", `every ${cred.provider} database this password opens`), WORST_CASE);
    return;
  }
  const mysql = cred.provider === "mysql";
  const port = Number(id.port) || (mysql ? 3306 : 5432);
  const database = typeof id.database === "string" && id.database && id.database !== "*" ? id.database : undefined;
  const roleKey = mysql ? mysqlUserKey(host, port, user) : postgresRoleKey(host, port, user);
  const role = graph.node("identity", roleKey, `${user}@${host}:${port}`, { provider: cred.provider, role: user, host, port }, true);
  graph.authenticatesAs(role, false);
  const target = database
    ? graph.node(
        "resource",
        mysql ? mysqlDatabaseKey(host, port, database) : postgresDatabaseKey(host, port, database),
        `${database} on ${host}:${port}`,
        { provider: cred.provider, type: "database", host, port, database, ...(id.platform ? { platform: id.platform } : {}) },
        true,
      )
    : graph.visible(cred.provider, "database", `every database on ${host}:${port} this role can open`, { server: postgresServerKey(host, port) });
  graph.can(role, target, WORST_CASE, "role grants not collected: worst case of a password role (owner)");
};
