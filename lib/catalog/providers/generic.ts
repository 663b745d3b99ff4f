/**
 * Credentials whose provider the catalogue does not model (private keys, passwords in .netrc, tokens the
 * maintained rules recognise): the identity is unknown and no action is assumed; the credential node still
 * counts as found, exposed and shared.
 */
import type { ProviderCatalogEntry } from "@/lib/catalog/providers/types";

export const genericCatalog: ProviderCatalogEntry = (cred, graph) => {
  graph.tokenOwner(cred.provider, `${cred.provider} identity of this ${cred.kind} (unknown)`);
};
