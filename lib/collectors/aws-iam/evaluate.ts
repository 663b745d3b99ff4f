/**
 * Effective-permission evaluation for ONE principal, over all its policies at once (managed, inline and
 * group policies together, then the permissions boundary), following AWS's evaluation logic for a
 * same-account request without SCPs or resource policies:
 *   1. an explicit Deny that applies wins;
 *   2. otherwise some identity Allow must apply;
 *   3. and, when a permissions boundary is set, some boundary Allow must apply too.
 * A statement "applies" when its Action/NotAction matches the action, its Resource/NotResource matches the
 * resource, and its Condition is not provably impossible. A condition we cannot decide offline makes an
 * Allow conditional, and makes a Deny unable to take the permission away (it is then conditional too).
 */
import { statementActions, type ActionCatalog } from "./action-catalog";
import { matchAction, matchResource, substituteVariables, type PolicyVariables } from "./match";
import type { PolicyStatement } from "./policy-document";

export interface PolicySet {
  identity: PolicyStatement[];
  /** null when the principal has no permissions boundary. */
  boundary: PolicyStatement[] | null;
  variables: PolicyVariables;
  /** When given, known actions are matched through the catalogue's cached per-statement action sets. */
  catalog?: ActionCatalog;
}

export interface Decision {
  allowed: boolean;
  conditional: boolean;
  /** An unconditional explicit Deny applied. */
  denied: boolean;
  /** The statements that allowed it, for explanations (identity side). */
  allowedBy: PolicyStatement[];
}

const actionMatchCache = new WeakMap<PolicyStatement, Map<string, boolean>>();

/**
 * Cached per statement: escalation checks ask the same few dozen actions of every statement, and a
 * managed policy like ReadOnlyAccess has thousands of action patterns.
 */
export function statementMatchesAction(statement: PolicyStatement, action: string, catalog?: ActionCatalog): boolean {
  if (catalog) {
    const index = catalog.indexByName.get(action.toLowerCase());
    if (index !== undefined) return statementActions(catalog, statement).mask[index] === 1;
  }
  let cache = actionMatchCache.get(statement);
  if (!cache) {
    cache = new Map();
    actionMatchCache.set(statement, cache);
  }
  const key = action.toLowerCase();
  let hit = cache.get(key);
  if (hit === undefined) {
    hit = statement.actions ? statement.actions.some((p) => matchAction(p, action)) : !statement.notActions!.some((p) => matchAction(p, action));
    cache.set(key, hit);
  }
  return hit;
}

/**
 * Does the statement's Resource/NotResource cover `resource`? `resource` may be a pattern (see matchResource).
 * A statement with neither (only legal in resource policies) covers everything.
 */
export function statementMatchesResource(statement: PolicyStatement, resource: string, vars: PolicyVariables): boolean {
  if (statement.resources) return statement.resources.some((p) => matchResource(substituteVariables(p, vars), resource));
  if (statement.notResources) return !statement.notResources.some((p) => matchResource(substituteVariables(p, vars), resource));
  return true;
}

interface Applicable {
  unconditional: PolicyStatement[];
  conditional: PolicyStatement[];
}

function applicable(statements: PolicyStatement[], effect: "Allow" | "Deny", action: string, resource: string, vars: PolicyVariables, catalog?: ActionCatalog): Applicable {
  const result: Applicable = { unconditional: [], conditional: [] };
  for (const s of statements) {
    if (s.effect !== effect || s.condition === "impossible") continue;
    if (!statementMatchesAction(s, action, catalog) || !statementMatchesResource(s, resource, vars)) continue;
    (s.condition === "none" ? result.unconditional : result.conditional).push(s);
  }
  return result;
}

const NOT_ALLOWED = (denied: boolean): Decision => ({ allowed: false, conditional: false, denied, allowedBy: [] });

/** May this principal call `action` on the concrete `resource` ARN (or `*` for wildcard-only actions)? */
export function evaluateRequest(set: PolicySet, action: string, resource: string): Decision {
  const vars = set.variables;
  const denies = applicable(set.identity, "Deny", action, resource, vars, set.catalog);
  const boundaryDenies = set.boundary ? applicable(set.boundary, "Deny", action, resource, vars, set.catalog) : { unconditional: [], conditional: [] };
  if (denies.unconditional.length > 0 || boundaryDenies.unconditional.length > 0) return NOT_ALLOWED(true);

  const allows = applicable(set.identity, "Allow", action, resource, vars, set.catalog);
  if (allows.unconditional.length === 0 && allows.conditional.length === 0) return NOT_ALLOWED(false);
  let conditional = allows.unconditional.length === 0 || denies.conditional.length > 0 || boundaryDenies.conditional.length > 0;

  if (set.boundary) {
    const bounded = applicable(set.boundary, "Allow", action, resource, vars, set.catalog);
    if (bounded.unconditional.length === 0 && bounded.conditional.length === 0) return NOT_ALLOWED(false);
    if (bounded.unconditional.length === 0) conditional = true;
  }
  return { allowed: true, conditional, denied: false, allowedBy: allows.unconditional.length > 0 ? allows.unconditional : allows.conditional };
}

/**
 * May this principal call `action` on SOME resource? Used where the resource does not exist yet or cannot
 * be known from an IAM export (the Lambda function it would create, the EC2 instance it would connect to).
 * Only a Deny on every resource (`*`) takes it away.
 */
export function evaluateOnSomeResource(set: PolicySet, action: string): Decision {
  const vars = set.variables;
  const fullDeny = (statements: PolicyStatement[]) =>
    statements.some((s) => s.effect === "Deny" && s.condition === "none" && statementMatchesAction(s, action, set.catalog) && statementMatchesResource(s, "*", vars));
  if (fullDeny(set.identity) || (set.boundary && fullDeny(set.boundary))) return NOT_ALLOWED(true);
  const someAllow = (statements: PolicyStatement[]) =>
    statements.filter((s) => s.effect === "Allow" && s.condition !== "impossible" && statementMatchesAction(s, action, set.catalog));
  const allows = someAllow(set.identity);
  if (allows.length === 0) return NOT_ALLOWED(false);
  let conditional = !allows.some((s) => s.condition === "none");
  const partialDeny = [...set.identity, ...(set.boundary ?? [])].some(
    (s) => s.effect === "Deny" && s.condition !== "impossible" && statementMatchesAction(s, action, set.catalog),
  );
  if (partialDeny) conditional = true;
  if (set.boundary) {
    const bounded = someAllow(set.boundary);
    if (bounded.length === 0) return NOT_ALLOWED(false);
    if (!bounded.some((s) => s.condition === "none")) conditional = true;
  }
  return { allowed: true, conditional, denied: false, allowedBy: allows };
}
