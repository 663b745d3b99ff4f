/**
 * Context7 API keys (`ctx7sk-`). WHY: a key reads the documentation of the libraries its account added,
 * private repositories included (R), and refreshes libraries, which is billed per changed page (D5: spend).
 * It deletes nothing in the repositories themselves. Source: context7.com/docs (API guide: keys raise rate
 * limits by plan; private repositories need a Pro or Enterprise plan and refreshes are charged).
 */
import type { ProviderCatalogEntry } from "@/lib/catalog/providers/types";

export const context7Catalog: ProviderCatalogEntry = (_cred, graph) => {
  const identity = graph.tokenOwner("context7", "Context7 account of this API key");
  const docs = graph.visible("context7", "library-docs", "the Context7 libraries of this account, private repositories included");
  graph.can(identity, docs, [
    { action: "privateDocsRead", class: "R" },
    { action: "libraryRefresh", class: "D5" },
  ]);
};
