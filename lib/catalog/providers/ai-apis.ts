/**
 * Anthropic and OpenAI API keys. WHY: they destroy no data, but every call is billed to the organisation
 * and cannot be taken back (D5: spend); admin keys also manage keys and members (D4).
 */
import type { ProviderCatalogEntry } from "@/lib/catalog/providers/types";

export const aiApiCatalog: ProviderCatalogEntry = (cred, graph) => {
  const label = cred.provider === "anthropic" ? "Anthropic" : "OpenAI";
  const identity = graph.tokenOwner(cred.provider, `${label} ${cred.kind} owner`);
  const org = graph.visible(cred.provider, "organization", `the ${label} organization of this key`);
  graph.can(identity, org, [{ action: "modelUsageSpend", class: "D5" }]);
  if (cred.kind === "admin-key") graph.can(identity, org, [{ action: "apiKeyCreate", class: "D4" }, { action: "memberInvite", class: "D4" }]);
};
