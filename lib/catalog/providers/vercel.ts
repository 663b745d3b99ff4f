/**
 * Vercel. WHY: an access token acts as its user on every team it can see: it can delete projects and
 * deployments (the site goes down; the source survives in git) and read or rewrite environment variables,
 * which usually hold other credentials.
 */
import type { ProviderCatalogEntry } from "@/lib/catalog/providers/types";

export const vercelCatalog: ProviderCatalogEntry = (cred, graph) => {
  const identity = graph.tokenOwner("vercel", "Vercel token owner");
  const team = graph.visible("vercel", "team", "every Vercel team this token can see");
  const project = graph.visible("vercel", "project", "every Vercel project this token can see");
  graph.contains(team, project);
  graph.can(identity, project, [
    { action: "projectDelete", class: "D3" },
    { action: "deploymentDelete", class: "D3" },
    { action: "domainRemove", class: "D3" },
    { action: "envVariableWrite", class: "D4" },
    { action: "envVariableRead", class: "R" },
  ]);
  graph.can(identity, team, [{ action: "tokenCreate", class: "D4" }, { action: "memberInvite", class: "D4" }]);
};
