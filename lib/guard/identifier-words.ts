/**
 * Words of an identifier, on their own module so that classifying a tool name does not load the provider
 * catalogue (catalog-actions.ts builds its table from every provider entry on first use).
 */

/** Lower-case words of an identifier in any case style: "volumeDelete", "delete_volume", "volume-delete". */
export function identifierWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean)
    .map((w) => (w === "repository" || w === "repositories" ? "repo" : w.replace(/s$/, "")));
}
