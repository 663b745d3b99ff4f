/**
 * Perplexity API keys (`pplx-`). WHY: a key draws down its API project's prepaid credit balance on every
 * call, at the rate of whatever model the project's usage tier allows, and spent credit is not given back
 * (D5: spend). It destroys no data. Source: docs.perplexity.ai (API keys belong to a project with its own
 * credit balance; the usage tier decides which models a key can call).
 */
import type { ProviderCatalogEntry } from "@/lib/catalog/providers/types";

export const perplexityCatalog: ProviderCatalogEntry = (_cred, graph) => {
  const identity = graph.tokenOwner("perplexity", "Perplexity API project of this key");
  const project = graph.visible("perplexity", "api-project", "the Perplexity API project and its credit balance");
  graph.can(identity, project, [{ action: "modelUsageSpend", class: "D5" }]);
};
