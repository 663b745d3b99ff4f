/**
 * Neon. WHY: an API key can delete any project of its account or organisation, and a project's branches
 * and its point-in-time-restore history live inside the project: deleting the project deletes them.
 */
import type { ProviderCatalogEntry } from "@/lib/catalog/providers/types";
import { tokenVisibleResourceKey } from "@/lib/graph/keys";

export const neonCatalog: ProviderCatalogEntry = (cred, graph) => {
  const identity = graph.tokenOwner("neon", "Neon API key owner");
  const org = graph.visible("neon", "organization", "every Neon organization this key can see");
  const project = graph.visible("neon", "project", "every Neon project this key can see");
  const branch = graph.visible("neon", "branch", "every Neon branch this key can see");
  graph.contains(org, project);
  graph.contains(project, branch);
  graph.recoveryInside(project, tokenVisibleResourceKey("neon", "pitr-history", graph.credentialKey), "branches and point-in-time-restore history", {
    provider: "neon",
    note: "Neon history and branches live inside the project and are deleted with it",
  });
  graph.can(identity, project, [{ action: "projectDelete", class: "D1" }, { action: "historyRetentionShorten", class: "D2" }]);
  graph.can(identity, branch, [{ action: "branchDelete", class: "D1" }, { action: "branchRestore", class: "D1" }, { action: "endpointDelete", class: "D3" }]);
  graph.can(identity, org, [{ action: "apiKeyCreate", class: "D4" }, { action: "memberAdd", class: "D4" }]);
};
