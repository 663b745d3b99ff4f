/**
 * IAM wildcard matching. Action names are case-insensitive, resource ARNs are case-sensitive; both use
 * `*` (any run of characters) and `?` (one character). Compiled patterns are cached because the same few
 * hundred patterns are tested against thousands of actions and ARNs.
 */
const actionCache = new Map<string, RegExp>();
const resourceCache = new Map<string, RegExp>();

function globToRegExp(pattern: string, flags: string): RegExp {
  const body = pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, "[\\s\\S]*").replace(/\?/g, "[\\s\\S]");
  return new RegExp(`^${body}$`, flags);
}

export function hasWildcard(pattern: string): boolean {
  return pattern.includes("*") || pattern.includes("?");
}

/** Does an action pattern (`iam:Create*`, `*`) match a concrete action (`iam:CreateUser`)? */
export function matchAction(pattern: string, action: string): boolean {
  if (pattern === "*") return true;
  if (!hasWildcard(pattern)) return pattern.toLowerCase() === action.toLowerCase();
  let re = actionCache.get(pattern);
  if (!re) {
    re = globToRegExp(pattern, "i");
    actionCache.set(pattern, re);
  }
  return re.test(action);
}

/**
 * Does a resource pattern match a resource? The resource may itself be a pattern (`arn:aws:s3:::b/*`);
 * its wildcards are then taken literally, which answers "does `pattern` cover everything `resource`
 * names" soundly for the shapes policies use (`*` covers `arn:aws:s3:::b/*`, `arn:aws:s3:::c*` does not).
 */
export function matchResource(pattern: string, resource: string): boolean {
  if (pattern === "*") return true;
  if (!hasWildcard(pattern)) return pattern === resource;
  let re = resourceCache.get(pattern);
  if (!re) {
    re = globToRegExp(pattern, "");
    resourceCache.set(pattern, re);
  }
  return re.test(resource);
}

/** Could two resource patterns name a common resource? Approximated by either covering the other. */
export function resourcesOverlap(a: string, b: string): boolean {
  return matchResource(a, b) || matchResource(b, a);
}

/** Values a policy variable takes for one principal; unknown variables become wildcards. */
export interface PolicyVariables {
  username?: string;
}

const VARIABLE = /\$\{([^}]+)\}/g;

/**
 * Substitute policy variables (`${aws:username}`) for one principal. Variables we cannot resolve offline
 * (tags, user ids, request context) become `*`: a wildcard can only widen the grant, never hide one.
 */
export function substituteVariables(pattern: string, vars: PolicyVariables): string {
  if (!pattern.includes("${")) return pattern;
  return pattern.replace(VARIABLE, (_, name: string) => {
    const key = name.split(",")[0].trim().toLowerCase();
    if (key === "*" || key === "?" || key === "$") return key;
    if (key === "aws:username" && vars.username) return vars.username;
    return "*";
  });
}

/** Split an ARN into its parts; `null` when it is not an ARN (e.g. `*`). */
export function parseArn(arn: string): { partition: string; service: string; region: string; account: string; resource: string } | null {
  const parts = arn.split(":");
  if (parts.length < 6 || parts[0] !== "arn") return null;
  return { partition: parts[1], service: parts[2], region: parts[3], account: parts[4], resource: parts.slice(5).join(":") };
}
