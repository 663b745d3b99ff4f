/**
 * Mollie. WHY: a live profile API key (`live_`) creates payments and refunds real money on the profile,
 * which cannot be undone (D5), and cancels subscriptions and mandates (D1); a test key (`test_`) touches test
 * mode only. An organization access token (`access_`) carries scopes that cannot be read offline and reaches
 * organization-level data, so it is scored as the worst case, live mode included. Source:
 * docs.mollie.com/reference/authentication (API keys per website profile in live or test mode; organization
 * access tokens with configurable permissions over organization-level resources).
 */
import type { ProviderCatalogEntry } from "@/lib/catalog/providers/types";

export const mollieCatalog: ProviderCatalogEntry = (cred, graph) => {
  const live = cred.identity?.mode !== "test";
  const organization = cred.kind === "organization-access-token";
  const identity = graph.tokenOwner("mollie", organization ? "Mollie organization (access token, scopes unknown)" : `Mollie profile (${live ? "live" : "test"} API key)`);
  const scope = graph.visible(
    "mollie",
    organization ? "organization" : live ? "profile" : "test-profile",
    organization ? "the Mollie organization of this token and its profiles" : live ? "the Mollie profile of this key (live mode)" : "the Mollie profile of this key (test mode)",
  );
  const money = live ? "D5" : "W";
  graph.can(identity, scope, [
    { action: "refundCreate", class: money },
    { action: "paymentCreate", class: money },
    { action: "subscriptionCancel", class: live ? "D1" : "W" },
    { action: "mandateRevoke", class: live ? "D1" : "W" },
  ]);
  if (organization) graph.can(identity, scope, [{ action: "profileDelete", class: "D1" }]);
};
