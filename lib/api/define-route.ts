/**
 * The one wrapper for /api/v1 route handlers: parse route params and query with their zod schemas,
 * authenticate (an API token in `Authorization: Bearer`, else the signed-in session) and check the role,
 * parse the JSON body, then run the handler. Every error becomes `{ error: code, message }` with the
 * status its code maps to; unexpected errors say nothing of their cause.
 */
import type { z } from "zod";
import { assertTokenMayGuardSync, authenticateApiToken } from "@/lib/auth/api-tokens";
import { getSessionUser, type SessionUser } from "@/lib/auth/session";
import type { ApiToken } from "@/lib/db/schema";
import { AppError, isAppError } from "@/lib/errors";
import { formatIssuePath } from "@/lib/graph/validate-batch";
import { getRouteDeps, type RouteDeps } from "@/lib/api/route-deps";

/**
 * viewer: any signed-in user; admin: a signed-in admin; ingest: an API token (or a signed-in admin);
 * guard-sync: an API token of that scope (or a signed-in admin).
 */
export type RouteAccess = "viewer" | "admin" | "ingest" | "guard-sync";

export interface RouteContext<P, Q, B> extends RouteDeps {
  request: Request;
  params: P;
  query: Q;
  body: B;
  user: SessionUser | null;
  token: ApiToken | null;
}

interface RouteDefinition<P, Q, B> {
  access: RouteAccess;
  params?: z.ZodType<P>;
  query?: z.ZodType<Q>;
  /** A zod schema for a JSON body; omit when the handler reads the body itself (pushes). */
  body?: z.ZodType<B>;
  handler(ctx: RouteContext<P, Q, B>): Promise<Response | unknown>;
}

type NextRouteArgs = { params: Promise<Record<string, string | string[]>> };

export function defineRoute<P = Record<string, never>, Q = Record<string, never>, B = undefined>(definition: RouteDefinition<P, Q, B>) {
  return async (request: Request, args?: NextRouteArgs): Promise<Response> => {
    try {
      const params = parseWith(definition.params, (await args?.params) ?? {}, "path") as P;
      const query = parseWith(definition.query, Object.fromEntries(new URL(request.url).searchParams), "query") as Q;
      const deps = await getRouteDeps();
      const { user, token } = await authenticate(request, definition.access, deps);
      const body = definition.body ? (parseWith(definition.body, await readJson(request), "body") as B) : (undefined as B);
      const result = await definition.handler({ ...deps, request, params, query, body, user, token });
      return result instanceof Response ? result : Response.json(result);
    } catch (error) {
      return errorResponse(error);
    }
  };
}

async function authenticate(request: Request, access: RouteAccess, deps: RouteDeps): Promise<{ user: SessionUser | null; token: ApiToken | null }> {
  const authorization = request.headers.get("authorization");
  if (authorization?.toLowerCase().startsWith("bearer ")) {
    const token = await authenticateApiToken(deps.db, authorization);
    if (access === "guard-sync") assertTokenMayGuardSync(token);
    else if (access !== "ingest") throw new AppError("forbidden:role", "API tokens may only push batches; sign in for this.");
    return { user: null, token };
  }
  const user = await getSessionUser();
  if (!user) throw new AppError("unauthorized:session", "Sign in or send an API token.");
  if (access !== "viewer" && user.role !== "admin") throw new AppError("forbidden:role", "Only an admin may do this.");
  return { user, token: null };
}

function parseWith<T>(schema: z.ZodType<T> | undefined, input: unknown, where: string): T | unknown {
  if (!schema) return input;
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const path = formatIssuePath(issue.path);
  throw new AppError("bad_request:input", `Invalid ${where}${path ? ` at ${path}` : ""}: ${issue.message}`);
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
