import type { FoundCredential } from "@/lib/credentials/types";
import type { SubgraphBuilder } from "@/lib/catalog/subgraph-builder";

/** One provider's entry in the catalogue: what a credential of each kind implies. */
export type ProviderCatalogEntry = (cred: FoundCredential, graph: SubgraphBuilder) => void;

export const text = (value: unknown): string | undefined => (typeof value === "string" && value ? value : undefined);
