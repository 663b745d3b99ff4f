/**
 * Single sign-on through an OpenID Connect provider (next-auth's OAuth provider, with discovery). Set by
 * BLASTMAP_OIDC_* (lib/env.ts). The role comes from a group claim in the ID token, through
 * BLASTMAP_OIDC_ROLE_MAP, at every sign-in: the provider stays the authority on who is what.
 * A user none of whose groups is mapped is refused (not let in as a viewer): SSO often covers the whole
 * company, and reading the map of its most dangerous credentials should be granted, not assumed.
 */
import type { OAuthConfig } from "next-auth/providers/oauth";
import type { Env } from "@/lib/env";
import type { UserRole } from "@/lib/db/schema";

export const OIDC_PROVIDER_ID = "oidc";

export interface OidcProfile {
  sub: string;
  preferred_username?: string;
  email?: string;
  name?: string;
  [claim: string]: unknown;
}

export type RoleMap = NonNullable<Env["BLASTMAP_OIDC_ROLE_MAP"]>;

const RANK: Record<UserRole, number> = { viewer: 0, analyst: 1, admin: 2 };

/** The highest role the groups map to, and whether any grants approver; null when none is mapped. */
export function roleFromGroups(groups: unknown, roleMap: RoleMap): { role: UserRole; approver: boolean } | null {
  const names = new Set(Array.isArray(groups) ? groups.filter((g): g is string => typeof g === "string") : typeof groups === "string" ? [groups] : []);
  const matched = roleMap.filter((entry) => names.has(entry.group));
  if (matched.length === 0) return null;
  const role = matched.reduce<UserRole>((best, entry) => (RANK[entry.role] > RANK[best] ? entry.role : best), "viewer");
  // The approver permission belongs to analysts and admins only.
  const approver = role !== "viewer" && matched.some((entry) => entry.approver);
  return { role, approver };
}

/** Local usernames cannot hold ":", so an SSO user can never take the name of a local one. */
export function ssoUsername(profile: OidcProfile): string {
  const name = profile.preferred_username ?? profile.email ?? profile.sub;
  return `sso:${String(name).slice(0, 100)}`;
}

export function oidcProvider(env: Env): OAuthConfig<OidcProfile> | null {
  if (!env.BLASTMAP_OIDC_ISSUER || !env.BLASTMAP_OIDC_CLIENT_ID || !env.BLASTMAP_OIDC_CLIENT_SECRET) return null;
  const issuer = env.BLASTMAP_OIDC_ISSUER.replace(/\/$/, "");
  return {
    id: OIDC_PROVIDER_ID,
    name: env.BLASTMAP_OIDC_NAME,
    type: "oauth",
    wellKnown: `${issuer}/.well-known/openid-configuration`,
    issuer,
    clientId: env.BLASTMAP_OIDC_CLIENT_ID,
    clientSecret: env.BLASTMAP_OIDC_CLIENT_SECRET,
    authorization: { params: { scope: env.BLASTMAP_OIDC_SCOPE } },
    idToken: true,
    checks: ["pkce", "state"],
    profile(profile) {
      return { id: profile.sub, name: ssoUsername(profile), email: profile.email ?? null };
    },
  };
}
