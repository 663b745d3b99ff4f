/**
 * The one wrapper for route handlers: authenticate (an API token in `Authorization: Bearer`, else the
 * signed-in session, checked against the database) and check the access table's rule for this route,
 * then parse route params, query and JSON body with their zod schemas, run the handler, and record it in
 * the audit log when it changes something. Every error becomes `{ error: code, message }` with the
 * status its code maps to; unexpected errors say nothing of their cause.
 */
import type { z } from "zod";
import { recordAuditQuietly, type AuditEvent } from "@/lib/audit/record-audit";
import type { AuditAction } from "@/lib/audit/actions";
import { ROUTE_ACCESS, describeRequirement, meetsRequirement, type RouteKey } from "@/lib/auth/access-table";
import { assertTokenMayGuardSync, authenticateApiToken } from "@/lib/auth/api-tokens";
import { clientAddress } from "@/lib/auth/client-address";
import { getSessionUserFrom, type SessionUser } from "@/lib/auth/session";
import type { ApiToken } from "@/lib/db/schema";
import { AppError, isAppError } from "@/lib/errors";
import { formatIssuePath, issueMessage } from "@/lib/issue-text";
import { getRouteDeps, type RouteDeps } from "@/lib/api/route-deps";
import { assertSameOriginWrite } from "@/lib/api/same-origin";
import { withTransportSecurity } from "@/lib/security-headers";

export interface RouteContext<P, Q, B> extends RouteDeps {
  request: Request;
  params: P;
  query: Q;
  body: B;
  user: SessionUser | null;
  token: ApiToken | null;
}

interface RouteDefinition<P, Q, B, R> {
  /** Its key in lib/auth/access-table.ts: method and path, e.g. "POST /api/v1/sources". */
  route: RouteKey;
  params?: z.ZodType<P>;
  query?: z.ZodType<Q>;
  /** A zod schema for a JSON body; omit when the handler reads the body itself (pushes). */
  body?: z.ZodType<B>;
  /** Recorded after the handler succeeds (or fails with a user-facing error). */
  audit?: { action: AuditAction; target?(ctx: RouteContext<P, Q, B>, result: R | undefined): string | null | undefined };
  handler(ctx: RouteContext<P, Q, B>): Promise<R>;
}

type NextRouteArgs = { params: Promise<Record<string, string | string[]>> };

export type RouteHandler = ((request: Request, args?: NextRouteArgs) => Promise<Response>) & { accessKey: RouteKey };

export function defineRoute<P = Record<string, never>, Q = Record<string, never>, B = undefined, R = unknown>(
  definition: RouteDefinition<P, Q, B, R>,
): RouteHandler {
  // HSTS here as well as in the proxy: the proxy skips the push route (proxy.ts), and answers from there
  // are answers over HTTPS too.
  const handler = async (request: Request, args?: NextRouteArgs): Promise<Response> => withTransportSecurity(request, await answer(request, args));
  const answer = async (request: Request, args?: NextRouteArgs): Promise<Response> => {
    let ctx: RouteContext<P, Q, B> | undefined;
    let deps: RouteDeps | undefined;
    let who: { user: SessionUser | null; token: ApiToken | null } | undefined;
    try {
      deps = await getRouteDeps();
      who = await authenticate(request, definition.route, deps);
      const params = parseWith(definition.params, (await args?.params) ?? {}, "path") as P;
      const query = parseWith(definition.query, Object.fromEntries(new URL(request.url).searchParams), "query") as Q;
      const body = definition.body ? (parseWith(definition.body, await readJson(request), "body") as B) : (undefined as B);
      ctx = { ...deps, request, params, query, body, ...who };
      const result = await definition.handler(ctx);
      if (definition.audit) await recordAuditQuietly(deps.db, auditEvent(definition.audit, ctx, result, request, "success"));
      return result instanceof Response ? result : Response.json(result);
    } catch (error) {
      if (deps && definition.audit && ctx && isAppError(error) && error.status < 500) {
        await recordAuditQuietly(deps.db, { ...auditEvent(definition.audit, ctx, undefined, request, "failure"), detail: { error: error.code } });
      }
      return errorResponse(error);
    }
  };
  return Object.assign(handler, { accessKey: definition.route });
}

function actorOf(who: { user: SessionUser | null; token: ApiToken | null }): AuditEvent["actor"] {
  if (who.user) return { userId: who.user.id, name: who.user.name };
  if (who.token) return { name: `token:${who.token.prefix}` };
  return { name: "anonymous" };
}

function auditEvent<P, Q, B, R>(
  audit: NonNullable<RouteDefinition<P, Q, B, R>["audit"]>,
  ctx: RouteContext<P, Q, B>,
  result: R | undefined,
  request: Request,
  outcome: "success" | "failure",
): AuditEvent {
  return { actor: actorOf(ctx), action: audit.action, outcome, target: audit.target?.(ctx, result) ?? null, address: clientAddress(request.headers) };
}

async function authenticate(request: Request, route: RouteKey, deps: RouteDeps): Promise<{ user: SessionUser | null; token: ApiToken | null }> {
  const requirement = ROUTE_ACCESS[route];
  if (requirement === "public") return { user: null, token: null };
  const authorization = request.headers.get("authorization");
  if (authorization?.toLowerCase().startsWith("bearer ")) {
    const token = await authenticateApiToken(deps.db, authorization);
    await recordAuditQuietly(deps.db, {
      actor: { name: `token:${token.prefix}` },
      action: "token.use",
      outcome: requirement === "ingest" || requirement === "guard-sync" ? "success" : "denied",
      target: String(token.id),
      address: clientAddress(request.headers),
      detail: { route },
    });
    if (requirement === "guard-sync") assertTokenMayGuardSync(token);
    else if (requirement !== "ingest") throw new AppError("forbidden:role", "API tokens may only push batches or read the guard snapshot; sign in for this.");
    return { user: null, token };
  }
  const user = await getSessionUserFrom(deps.db, request.headers);
  if (user) assertSameOriginWrite(request);
  if (!user) throw new AppError("unauthorized:session", "Sign in or send an API token.");
  if (!meetsRequirement(user, requirement)) {
    await recordAuditQuietly(deps.db, {
      actor: { userId: user.id, name: user.name },
      action: "access.denied",
      outcome: "denied",
      target: route,
      address: clientAddress(request.headers),
    });
    throw new AppError("forbidden:role", describeRequirement(requirement));
  }
  return { user, token: null };
}

export function parseWith<T>(schema: z.ZodType<T> | undefined, input: unknown, where: string): T | unknown {
  if (!schema) return input;
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const path = formatIssuePath(issue.path);
  throw new AppError("bad_request:input", `Invalid ${where}${path ? ` at ${path}` : ""}: ${issueMessage(issue)}`);
}

async function readJson(request: Request): Promise<unknown> {
  const text = await request.text();
  if (text.trim() === "") return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError("bad_request:input", "The body is not valid JSON.");
  }
}

export function errorResponse(error: unknown): Response {
  if (isAppError(error)) return Response.json({ error: error.code, message: error.message }, { status: error.status });
  console.error("api: unexpected error", error instanceof Error ? error.name : typeof error);
  return Response.json({ error: "internal", message: "Something went wrong on the server." }, { status: 500 });
}

/** A handler anyone may call (readiness, next-auth's own routes): its rule in the table must say so. */
export function publicRoute<A extends unknown[]>(route: RouteKey, handler: (...args: A) => Promise<Response>): ((...args: A) => Promise<Response>) & { accessKey: RouteKey } {
  if (ROUTE_ACCESS[route] !== "public") throw new Error(`${route} is not public in the access table`);
  // A wrapper of its own: one function exported under two methods would carry one key.
  return Object.assign((...args: A) => handler(...args), { accessKey: route });
}
