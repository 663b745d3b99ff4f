/**
 * Resend API keys (`re_`). WHY: a key is either "full access" or "sending access", and which one cannot be
 * read offline, so it is scored as full access: create, delete, get and update any resource (domains,
 * audiences and contacts deleted for good, new API keys minted) and send mail from the account's verified
 * domains, which cannot be recalled. Source: resend.com/changelog/new-api-key-permissions (the two
 * permissions and what each allows).
 */
import type { ProviderCatalogEntry } from "@/lib/catalog/providers/types";

export const resendCatalog: ProviderCatalogEntry = (_cred, graph) => {
  const identity = graph.tokenOwner("resend", "Resend account of this API key (full access assumed)");
  const account = graph.visible("resend", "account", "the Resend account: domains, audiences, contacts, API keys");
  graph.can(
    identity,
    account,
    [
      { action: "emailSend", class: "D5" },
      { action: "domainDelete", class: "D1" },
      { action: "contactDelete", class: "D1" },
      { action: "audienceDelete", class: "D1" },
      { action: "apiKeyCreate", class: "D4" },
    ],
    "permission (full or sending access) unknown offline: worst case",
  );
};
