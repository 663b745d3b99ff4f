/**
 * Supabase. WHY: the service-role key (and the new `sb_secret_` keys) bypass Row Level Security: whoever
 * holds one can delete every row of the project's database and every stored object. A personal access
 * token drives the management API: it can delete whole projects, and the daily backups go with them.
 */
import type { ProviderCatalogEntry } from "@/lib/catalog/providers/types";
import { providerResourceKey, tokenVisibleResourceKey } from "@/lib/graph/keys";

export const supabaseCatalog: ProviderCatalogEntry = (cred, graph) => {
  if (cred.kind === "personal-access-token") {
    const identity = graph.tokenOwner("supabase", "Supabase account (personal access token)");
    const org = graph.visible("supabase", "organization", "every Supabase organization this token can see");
    const project = graph.visible("supabase", "project", "every Supabase project this token can see");
    graph.contains(org, project);
    graph.recoveryInside(project, tokenVisibleResourceKey("supabase", "backup", graph.credentialKey), "project backups", {
      provider: "supabase",
      note: "Supabase backups belong to the project and are removed with it",
    });
    graph.can(identity, project, [{ action: "projectDelete", class: "D1" }, { action: "databasePasswordReset", class: "D4" }]);
    graph.can(identity, org, [{ action: "memberInvite", class: "D4" }]);
    return;
  }
  const identity = graph.tokenOwner("supabase", "Supabase service_role (bypasses RLS)");
  const ref = typeof cred.identity?.projectRef === "string" ? cred.identity.projectRef : undefined;
  const database = ref
    ? graph.node("resource", providerResourceKey("supabase", "database", ref), `Supabase project ${ref} database`, { provider: "supabase", type: "database", projectRef: ref })
    : graph.visible("supabase", "database", "the Supabase project database of this key");
  const storage = ref
    ? graph.node("resource", providerResourceKey("supabase", "storage", ref), `Supabase project ${ref} storage`, { provider: "supabase", type: "storage", projectRef: ref })
    : graph.visible("supabase", "storage", "the Supabase project storage of this key");
  graph.can(identity, database, [{ action: "deleteAllRows", class: "D1" }, { action: "updateAllRows", class: "W" }], "service_role bypasses Row Level Security");
  graph.can(identity, storage, [{ action: "storageObjectDelete", class: "D1" }]);
  graph.can(identity, database, [{ action: "authAdminCreateUser", class: "D4" }]);
};
