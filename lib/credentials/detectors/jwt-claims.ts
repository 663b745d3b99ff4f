/** Reads a JWT's claims without verifying it: we only want the facts it states about itself. */
export function readJwtClaims(token: string): Record<string, unknown> | undefined {
  const parts = token.split(".");
  if (parts.length !== 3) return undefined;
  try {
    const json = Buffer.from(parts[1], "base64url").toString("utf8");
    const claims: unknown = JSON.parse(json);
    return claims && typeof claims === "object" && !Array.isArray(claims) ? (claims as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** A Kubernetes service-account token names its account: `system:serviceaccount:<namespace>:<name>`. */
export function serviceAccountOfClaims(claims: Record<string, unknown>): { namespace: string; serviceAccount: string } | undefined {
  const sub = typeof claims.sub === "string" ? claims.sub : "";
  const match = /^system:serviceaccount:([^:]+):([^:]+)$/.exec(sub);
  if (match) return { namespace: match[1], serviceAccount: match[2] };
  const legacyNs = claims["kubernetes.io/serviceaccount/namespace"];
  const legacyName = claims["kubernetes.io/serviceaccount/service-account.name"];
  if (typeof legacyNs === "string" && typeof legacyName === "string") return { namespace: legacyNs, serviceAccount: legacyName };
  return undefined;
}
