/**
 * Obsidian's Local REST API plugin: a 64-hex key. WHY: the plugin's HTTPS interface reads, creates, updates
 * and deletes every note in the vault and runs any Obsidian command, and a vault is often its own only copy
 * (D1). Source: the plugin's documentation (npmjs.com/package/obsidian-local-rest-api: "read, create,
 * update or delete existing notes", "execute commands").
 */
import type { ProviderCatalogEntry } from "@/lib/catalog/providers/types";

export const obsidianCatalog: ProviderCatalogEntry = (_cred, graph) => {
  const identity = graph.tokenOwner("obsidian", "Obsidian Local REST API (the vault's owner)");
  const vault = graph.visible("obsidian", "vault", "the Obsidian vault served by this key");
  graph.can(identity, vault, [
    { action: "noteDelete", class: "D1" },
    { action: "noteWrite", class: "W" },
    { action: "noteRead", class: "R" },
    { action: "commandExecute", class: "D3" },
  ]);
};
