/**
 * Railway. WHY: an account (or team) token can call every mutation of the public GraphQL API for every
 * project it sees, `volumeDelete` included, whatever it was created for; and Railway's volume backups are
 * stored with the volume, so deleting the volume deletes them too. A project token is limited to its
 * project's environment but can still delete what lives there.
 */
import type { ProviderCatalogEntry } from "@/lib/catalog/providers/types";
import type { SubgraphBuilder } from "@/lib/catalog/subgraph-builder";
import { tokenVisibleResourceKey } from "@/lib/graph/keys";
import type { NodeRef } from "@/lib/graph/types";

function volumesWithBackups(graph: SubgraphBuilder, owner: NodeRef, scope: string): NodeRef {
  const volume = graph.visible("railway", "volume", `every Railway volume this token can see${scope}`);
  graph.contains(owner, volume);
  graph.recoveryInside(volume, tokenVisibleResourceKey("railway", "volume-backup", graph.credentialKey), "volume backups", {
    provider: "railway",
    note: "Railway volume backups are stored with the volume and are deleted with it",
  });
  return volume;
}

export const railwayCatalog: ProviderCatalogEntry = (cred, graph) => {
  const identity = graph.tokenOwner("railway", cred.kind === "project-token" ? "Railway project token" : "Railway account/team token owner");
  if (cred.kind === "project-token") {
    const project = graph.visible("railway", "project", "the Railway project this token belongs to");
    const environment = graph.visible("railway", "environment", "the Railway environment this token belongs to");
    const service = graph.visible("railway", "service", "every service in this token's environment");
    graph.contains(project, environment);
    graph.contains(environment, service);
    const volume = volumesWithBackups(graph, environment, " (its environment)");
    graph.can(identity, volume, [{ action: "volumeDelete", class: "D1" }, { action: "volumeBackupDelete", class: "D2" }]);
    graph.can(identity, service, [{ action: "serviceDelete", class: "D3" }, { action: "variableUpsert", class: "W" }, { action: "deploymentRedeploy", class: "W" }]);
    graph.can(identity, environment, [{ action: "variableCollectionUpsert", class: "W" }]);
    return;
  }
  // account-token, team-token, or a Railway token whose kind is unknown: the worst case is an account token.
  const workspace = graph.visible("railway", "workspace", "every Railway workspace/team this token can see");
  const project = graph.visible("railway", "project", "every Railway project this token can see");
  const environment = graph.visible("railway", "environment", "every Railway environment this token can see");
  const service = graph.visible("railway", "service", "every Railway service this token can see");
  graph.contains(workspace, project);
  graph.contains(project, environment);
  graph.contains(environment, service);
  const volume = volumesWithBackups(graph, project, "");
  graph.can(identity, volume, [{ action: "volumeDelete", class: "D1" }, { action: "volumeBackupDelete", class: "D2" }]);
  graph.can(identity, project, [{ action: "projectDelete", class: "D1" }]);
  graph.can(identity, environment, [{ action: "environmentDelete", class: "D3" }]);
  graph.can(identity, service, [{ action: "serviceDelete", class: "D3" }, { action: "variableUpsert", class: "W" }]);
  graph.can(identity, workspace, [
    { action: "apiTokenCreate", class: "D4" },
    { action: "teamMemberInvite", class: "D4" },
    { action: "projectTokenCreate", class: "D4" },
  ]);
};
