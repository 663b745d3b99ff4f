/**
 * Who may do what: the one table. Every page, route handler and server action names its entry here
 * (pages through requirePageAccess, handlers through defineRoute, actions through defineAction), and
 * lib/auth/access-table.test.ts walks app/ so that a new page, route or action without a rule fails the
 * suite. Keys are the paths Next serves them at, route groups dropped:
 *   pages    "/sources/[id]"
 *   routes   "POST /api/v1/sources"
 *   actions  "/sources#saveSourceAction"   (the folder of actions.ts, then the export)
 */
import type { UserRole } from "@/lib/db/schema";

/**
 * public   anyone, signed in or not
 * viewer   any signed-in user (read only)
 * analyst  runs sweeps, accepts and reopens findings
 * admin    users, sources, tokens, settings, the audit log
 * approver an analyst or admin holding the approver permission
 * ingest   an API token scoped to the source, or a signed-in admin
 * guard-sync an API token of the guard-sync scope, or a signed-in admin
 */
export type Requirement = "public" | "viewer" | "analyst" | "admin" | "approver" | "ingest" | "guard-sync";

export const PAGE_ACCESS = {
  "/login": "public",
  "/": "viewer",
  "/agents": "viewer",
  "/agents/[id]": "viewer",
  "/graph": "viewer",
  "/findings": "viewer",
  "/findings/[id]": "viewer",
  "/credentials": "viewer",
  "/sources": "viewer",
  "/sources/[id]": "viewer",
  "/sources/[id]/sweeps/[sweepId]": "viewer",
  "/account": "viewer",
  "/users": "admin",
  "/resources/[id]": "viewer",
  "/credentials/[id]": "viewer",
  "/open": "viewer",
  "/audit": "admin",
} as const satisfies Record<string, Requirement>;

export const ROUTE_ACCESS = {
  "GET /api/health": "public",
  "GET /api/auth/[...nextauth]": "public",
  "POST /api/auth/[...nextauth]": "public",
  "GET /graph/data": "viewer",
  "GET /agents/[id]/paths": "viewer",
  "GET /audit/export": "admin",
  "GET /api/v1/sources": "viewer",
  "POST /api/v1/sources": "admin",
  "GET /api/v1/sources/[id]": "viewer",
  "PATCH /api/v1/sources/[id]": "admin",
  "DELETE /api/v1/sources/[id]": "admin",
  "POST /api/v1/sources/[id]/run": "analyst",
  "GET /api/v1/sources/[id]/sweeps": "viewer",
  "POST /api/v1/sources/[id]/sweeps": "ingest",
  "GET /api/v1/sweeps/[id]": "viewer",
  "POST /api/v1/sweeps/[id]/cancel": "analyst",
  "GET /api/v1/tokens": "admin",
  "POST /api/v1/tokens": "admin",
  "DELETE /api/v1/tokens/[id]": "admin",
  "GET /api/v1/guard/snapshot": "guard-sync",
  "GET /api/v1/findings/export": "viewer",
  "GET /api/v1/agents": "viewer",
  "GET /api/v1/resources/[id]/destroyers": "viewer",
  "GET /api/v1/paths": "viewer",
} as const satisfies Record<string, Requirement>;

export const ACTION_ACCESS = {
  "/findings#changeFindingsStatusAction": "analyst",
  "/sources#saveSourceAction": "admin",
  "/sources#runSourceAction": "analyst",
  "/sources#cancelSweepAction": "analyst",
  "/sources#createTokenAction": "admin",
  "/sources#revokeTokenAction": "admin",
  "/users#createUserAction": "admin",
  "/users#updateUserAction": "admin",
  "/users#setUserDisabledAction": "admin",
  "/users#deleteUserAction": "admin",
  "/users#resetPasswordAction": "admin",
  "/account#changeOwnPasswordAction": "viewer",
} as const satisfies Record<string, Requirement>;

export type PageKey = keyof typeof PAGE_ACCESS;
export type RouteKey = keyof typeof ROUTE_ACCESS;
export type ActionKey = keyof typeof ACTION_ACCESS;

/** What a check needs to know of a user: read from the database on every request, never from the cookie. */
export interface Principal {
  role: UserRole;
  approver: boolean;
}

const RANK: Record<UserRole, number> = { viewer: 0, analyst: 1, admin: 2 };

/** Whether a signed-in user meets a requirement. `ingest` here is the session half: admins only. */
export function meetsRequirement(principal: Principal | null, requirement: Requirement): boolean {
  switch (requirement) {
    case "public":
      return true;
    case "viewer":
      return principal !== null;
    case "analyst":
      return principal !== null && RANK[principal.role] >= RANK.analyst;
    case "admin":
    case "ingest":
    case "guard-sync":
      return principal?.role === "admin";
    case "approver":
      return principal !== null && principal.approver && RANK[principal.role] >= RANK.analyst;
    default: {
      const unknown: never = requirement;
      throw new Error(`unknown requirement ${String(unknown)}`);
    }
  }
}

/** The sentence a refused user reads. */
export function describeRequirement(requirement: Requirement): string {
  switch (requirement) {
    case "public":
    case "viewer":
      return "Sign in to do this.";
    case "analyst":
      return "Only an analyst or an admin may do this.";
    case "admin":
    case "ingest":
    case "guard-sync":
      return "Only an admin may do this.";
    case "approver":
      return "Only an approver may do this.";
    default: {
      const unknown: never = requirement;
      throw new Error(`unknown requirement ${String(unknown)}`);
    }
  }
}
