/**
 * What each principal may do, over the whole action catalogue: a per-action state (none / conditional /
 * allowed), whether it is a full administrator, counts per class, and — for destructive classes only — the
 * (action, resource) grants that become `can` edges. Resources granted as `*` are reported as `*` and
 * aggregated per service by the mapper; narrower patterns are kept as written.
 */
import type { ActionClass } from "@/lib/graph/types";
import { destructiveMask, resourceFitsAction, statementActions, type ActionCatalog } from "./action-catalog";
import { statementMatchesResource, type PolicySet } from "./evaluate";
import { parseArn, resourcesOverlap, substituteVariables } from "./match";
import type { PolicyStatement } from "./policy-document";

/** 0 = not allowed, 1 = allowed under a condition we cannot decide, 2 = allowed. */
export type ActionStates = Uint8Array;

export interface Grant {
  actionIndex: number;
  /** `*` or the resource pattern as written (policy variables substituted). */
  resource: string;
  conditional: boolean;
  /** From NotResource: the grant covers every resource except these. */
  except?: string[];
}

export interface PrincipalPermissions {
  states: ActionStates;
  isAdmin: boolean;
  counts: Record<ActionClass, number>;
  grants: Grant[];
}

function coversEverything(statement: PolicyStatement): boolean {
  return statement.resources?.includes("*") ?? statement.notResources === null;
}

/** States of one side (identity or boundary) of a policy set, before the two are intersected. */
function sideStates(catalog: ActionCatalog, statements: PolicyStatement[]): { any: Uint8Array; star: Uint8Array } {
  const size = catalog.names.length;
  const any = new Uint8Array(size);
  const star = new Uint8Array(size);
  for (const s of statements) {
    if (s.effect !== "Allow" || s.condition === "impossible") continue;
    const level = s.condition === "none" ? 2 : 1;
    const everywhere = level === 2 && coversEverything(s);
    for (const i of statementActions(catalog, s).indices) {
      if (any[i] < level) any[i] = level;
      if (everywhere) star[i] = 1;
    }
  }
  for (const s of statements) {
    if (s.effect !== "Deny" || s.condition === "impossible") continue;
    const total = s.condition === "none" && coversEverything(s);
    for (const i of statementActions(catalog, s).indices) {
      if (total) {
        any[i] = 0;
        star[i] = 0;
      } else {
        // A deny on some resources, or under a condition: the permission may be taken away.
        if (any[i] === 2) any[i] = 1;
        star[i] = 0;
      }
    }
  }
  return { any, star };
}

/** AWS-managed policies (`arn:aws:iam::aws:policy/…`) cannot be changed by anyone in the account. */
const IMMUTABLE_RESOURCE = /^arn:aws[\w-]*:iam::aws:/;

function resourceFits(catalog: ActionCatalog, index: number, resource: string): boolean {
  if (resource === "*") return true;
  if (IMMUTABLE_RESOURCE.test(resource) || !parseArn(resource)) return false;
  return resourceFitsAction(catalog, index, resource);
}

export function computePermissions(catalog: ActionCatalog, set: PolicySet): PrincipalPermissions {
  const size = catalog.names.length;
  const identity = sideStates(catalog, set.identity);
  const states = identity.any;
  let star = identity.star;
  if (set.boundary) {
    const boundary = sideStates(catalog, set.boundary);
    for (let i = 0; i < size; i++) {
      if (boundary.any[i] < states[i]) states[i] = boundary.any[i];
    }
    star = star.map((v, i) => v & boundary.star[i]);
  }

  const counts: Record<ActionClass, number> = { D1: 0, D2: 0, D3: 0, D4: 0, D5: 0, W: 0, R: 0 };
  let isAdmin = true;
  for (let i = 0; i < size; i++) {
    if (states[i] > 0) counts[catalog.classes[i]]++;
    if (star[i] === 0) isAdmin = false;
  }

  const grants = new Map<string, Grant>();
  const destructive = destructiveMask(catalog);
  const vars = set.variables;
  const denies = set.identity.filter((s) => s.effect === "Deny" && s.condition !== "impossible");
  for (const s of set.identity) {
    if (s.effect !== "Allow" || s.condition === "impossible") continue;
    const patterns = s.resources ? s.resources.map((r) => substituteVariables(r, vars)) : ["*"];
    for (const i of statementActions(catalog, s).indices) {
      if (states[i] === 0 || destructive[i] === 0) continue;
      for (const pattern of patterns) {
        if (!resourceFits(catalog, i, pattern)) continue;
        let resource = pattern;
        let conditional = s.condition !== "none" || states[i] === 1;
        let denied = false;
        for (const d of denies) {
          if (statementActions(catalog, d).mask[i] === 0) continue;
          if (d.condition === "none" && statementMatchesResource(d, resource, vars)) {
            denied = true;
            break;
          }
        }
        if (denied) continue;
        if (set.boundary) {
          const bounding = set.boundary.filter(
            (b) => b.effect === "Allow" && b.condition !== "impossible" && statementActions(catalog, b).mask[i] === 1,
          );
          const covering = bounding.find((b) => statementMatchesResource(b, resource, vars));
          if (!covering) {
            // The boundary allows only part of what the policy grants: the grant shrinks to the boundary's scope.
            const narrower = bounding.flatMap((b) => b.resources ?? []).find((r) => resourcesOverlap(r, resource));
            if (!narrower) continue;
            resource = narrower;
          } else if (covering.condition !== "none") {
            conditional = true;
          }
        }
        const key = `${i}\u0000${resource}`;
        const existing = grants.get(key);
        const except = s.notResources && resource === "*" ? s.notResources.map((r) => substituteVariables(r, vars)) : undefined;
        if (!existing || (existing.conditional && !conditional) || (existing.except && !except)) grants.set(key, { actionIndex: i, resource, conditional, ...(except ? { except } : {}) });
      }
    }
  }
  return { states, isAdmin, counts, grants: [...grants.values()] };
}

/** Does `target` hold some action `source` does not (ignoring resource scope)? */
export function holdsMoreThan(target: ActionStates, source: ActionStates): boolean {
  for (let i = 0; i < target.length; i++) if (target[i] > 0 && source[i] === 0) return true;
  return false;
}
