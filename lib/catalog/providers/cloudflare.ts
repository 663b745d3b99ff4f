/**
 * Cloudflare. WHY: the Global API Key (with the account email) acts as the user on every account and zone
 * the user belongs to, with no scope at all. A scoped API token may carry any permission group, and its
 * scope cannot be read offline, so it is scored at the same worst case, marked as a scoped token.
 */
import type { ProviderCatalogEntry } from "@/lib/catalog/providers/types";

export const cloudflareCatalog: ProviderCatalogEntry = (cred, graph) => {
  const global = cred.kind === "global-api-key";
  const identity = graph.tokenOwner("cloudflare", global ? "Cloudflare user (Global API Key)" : "Cloudflare API token");
  const note = global ? "Global API Key: unscoped, acts as the user" : "scoped API token: permissions unknown offline, worst case of the kind";
  const account = graph.visible("cloudflare", "account", "every Cloudflare account this key can see");
  const zone = graph.visible("cloudflare", "zone", "every Cloudflare zone (DNS) this key can see");
  const bucket = graph.visible("cloudflare", "r2-bucket", "every R2 bucket this key can see");
  const database = graph.visible("cloudflare", "d1-database", "every D1 database this key can see");
  const worker = graph.visible("cloudflare", "worker", "every Worker this key can see");
  for (const child of [zone, bucket, database, worker]) graph.contains(account, child);
  graph.can(identity, zone, [{ action: "zoneDelete", class: "D1" }, { action: "dnsRecordEdit", class: "W" }], note);
  graph.can(identity, bucket, [{ action: "r2BucketDelete", class: "D1" }], note);
  graph.can(identity, database, [{ action: "d1DatabaseDelete", class: "D1" }], note);
  graph.can(identity, worker, [{ action: "workerScriptDelete", class: "D3" }], note);
  graph.can(identity, account, [{ action: "apiTokenCreate", class: "D4" }, { action: "accountMemberAdd", class: "D4" }], note);
};
