/**
 * A found credential as graph records: its node, and the subgraph its kind implies (the provider
 * catalogue). Catalogue edges are the worst case of the kind and carry props.assumed = true; reach drops
 * them for a node once a collector reports the real scope.
 */
import type { FoundCredential } from "@/lib/credentials/types";
import { aiApiCatalog } from "@/lib/catalog/providers/ai-apis";
import { awsCatalog } from "@/lib/catalog/providers/aws";
import { cloudflareCatalog } from "@/lib/catalog/providers/cloudflare";
import { context7Catalog } from "@/lib/catalog/providers/context7";
import { genericCatalog } from "@/lib/catalog/providers/generic";
import { githubCatalog } from "@/lib/catalog/providers/github";
import { kubernetesCatalog } from "@/lib/catalog/providers/kubernetes";
import { mollieCatalog } from "@/lib/catalog/providers/mollie";
import { neonCatalog } from "@/lib/catalog/providers/neon";
import { obsidianCatalog } from "@/lib/catalog/providers/obsidian";
import { dockerCatalog, npmCatalog } from "@/lib/catalog/providers/package-registries";
import { perplexityCatalog } from "@/lib/catalog/providers/perplexity";
import { postgresCatalog } from "@/lib/catalog/providers/postgres";
import { railwayCatalog } from "@/lib/catalog/providers/railway";
import { resendCatalog } from "@/lib/catalog/providers/resend";
import { stripeCatalog } from "@/lib/catalog/providers/stripe";
import { supabaseCatalog } from "@/lib/catalog/providers/supabase";
import type { ProviderCatalogEntry } from "@/lib/catalog/providers/types";
import { vercelCatalog } from "@/lib/catalog/providers/vercel";
import { SubgraphBuilder } from "@/lib/catalog/subgraph-builder";
import { awsAccessKeyCredentialKey, credentialKeyFromFingerprint } from "@/lib/graph/keys";
import type { GraphEdge, GraphNode } from "@/lib/graph/types";

/** The catalogue: one entry per provider. Providers not listed get the generic entry. */
export const PROVIDER_CATALOG: Readonly<Record<string, ProviderCatalogEntry>> = {
  railway: railwayCatalog,
  postgres: postgresCatalog,
  mysql: postgresCatalog,
  cloudflare: cloudflareCatalog,
  github: githubCatalog,
  stripe: stripeCatalog,
  neon: neonCatalog,
  supabase: supabaseCatalog,
  vercel: vercelCatalog,
  aws: awsCatalog,
  kubernetes: kubernetesCatalog,
  anthropic: aiApiCatalog,
  openai: aiApiCatalog,
  npm: npmCatalog,
  docker: dockerCatalog,
  perplexity: perplexityCatalog,
  resend: resendCatalog,
  mollie: mollieCatalog,
  context7: context7Catalog,
  obsidian: obsidianCatalog,
};

/** AWS keys by their public key id (the IAM collector names the same key); everything else by fingerprint. */
export function credentialNodeKey(cred: FoundCredential): string {
  const keyId = cred.identity?.accessKeyId;
  if (cred.provider === "aws" && typeof keyId === "string") return awsAccessKeyCredentialKey(keyId);
  return credentialKeyFromFingerprint(cred.fingerprint);
}

export function credentialNode(cred: FoundCredential): GraphNode {
  return {
    kind: "credential",
    key: credentialNodeKey(cred),
    name: `${cred.provider} ${cred.kind} ${cred.preview}`,
    props: {
      provider: cred.provider,
      kind: cred.kind,
      preview: cred.preview,
      fingerprint: cred.fingerprint,
      locations: cred.locations,
      ...(cred.purpose ? { purpose: cred.purpose } : {}),
      ...(cred.identity ? { identity: cred.identity } : {}),
      ...(cred.provider === "private-key" ? { note: "private key: the identity it unlocks is unknown offline; no actions assumed" } : {}),
    },
  };
}

/**
 * The identity the credential authenticates as, and what its kind allows. Does not include the credential
 * node itself (see credentialNode); every edge endpoint other than the credential is in `nodes`.
 */
export function credentialSubgraph(cred: FoundCredential): { nodes: GraphNode[]; edges: GraphEdge[] } {
  const key = credentialNodeKey(cred);
  const graph = new SubgraphBuilder({ kind: "credential", key }, key, cred.preview);
  (PROVIDER_CATALOG[cred.provider] ?? genericCatalog)(cred, graph);
  return graph.build();
}
