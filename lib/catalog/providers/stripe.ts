/**
 * Stripe. WHY: a secret key can move money (refunds, payouts, charges) and delete customers, which cannot
 * be undone; a restricted key's permissions cannot be read offline, so it is scored as the worst case of
 * its kind. Test-mode keys touch only test data and move no real money.
 */
import type { ProviderCatalogEntry } from "@/lib/catalog/providers/types";

export const stripeCatalog: ProviderCatalogEntry = (cred, graph) => {
  const live = cred.identity?.mode !== "test";
  const identity = graph.tokenOwner("stripe", `Stripe ${cred.kind} (${live ? "live" : "test"} mode)`);
  const account = graph.visible("stripe", live ? "account" : "test-account", live ? "the Stripe account of this key (live mode)" : "the Stripe account of this key (test-mode data)");
  const note = cred.kind === "restricted-key" ? "restricted key: permissions unknown offline, worst case of the kind" : undefined;
  const money = live ? "D5" : "W";
  graph.can(
    identity,
    account,
    [
      { action: "refundCreate", class: money },
      { action: "payoutCreate", class: money },
      { action: "chargeCreate", class: money },
      { action: "customerDelete", class: "D1" },
      { action: "webhookEndpointDelete", class: "D3" },
    ],
    note,
  );
};
