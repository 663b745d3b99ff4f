/**
 * Every page and API route needs a session, except sign-in, next-auth's own routes and the readiness route.
 * Pages redirect to sign-in; API routes answer 401 with JSON. (Next 16 calls middleware "proxy".)
 *
 * It also gives each page its Content-Security-Policy with a fresh nonce, and HSTS over HTTPS
 * (lib/security-headers.ts).
 */
import { getToken } from "next-auth/jwt";
import { NextResponse, type NextRequest } from "next/server";
import { decodeSessionToken } from "@/lib/auth/session-token";
import { getServerSecrets } from "@/lib/server-secrets";
import { HSTS, contentSecurityPolicy, isHttps, newNonce } from "@/lib/security-headers";

const PUBLIC_PATHS = [/^\/login$/, /^\/api\/auth(\/|$)/, /^\/api\/health$/];

export async function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  if (PUBLIC_PATHS.some((pattern) => pattern.test(pathname))) return withSecurityHeaders(request);
  // Bearer tokens on /api/v1 are checked by the route handlers themselves.
  if (pathname.startsWith("/api/v1/") && request.headers.get("authorization")?.startsWith("Bearer ")) {
    return withSecurityHeaders(request);
  }

  const token = await getToken({ req: request, secret: getServerSecrets().authSecret, decode: decodeSessionToken });
  if (token) return withSecurityHeaders(request);

  if (pathname.startsWith("/api/")) {
    return finish(request, NextResponse.json({ error: "unauthorized", message: "Sign in or send an API token." }, { status: 401 }));
  }
  const login = new URL("/login", request.url);
  if (pathname !== "/") login.searchParams.set("callbackUrl", `${pathname}${search}`);
  return finish(request, NextResponse.redirect(login));
}

/** Passes the request on with its policy: Next reads the nonce from the request's own CSP header. */
function withSecurityHeaders(request: NextRequest): NextResponse {
  const nonce = newNonce();
  const policy = contentSecurityPolicy(nonce, { dev: process.env.NODE_ENV === "development" });
  const headers = new Headers(request.headers);
  headers.set("x-nonce", nonce);
  headers.set("content-security-policy", policy);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("content-security-policy", policy);
  return finish(request, response);
}

function finish(request: NextRequest, response: NextResponse): NextResponse {
  if (isHttps(request.nextUrl, request.headers)) response.headers.set("strict-transport-security", HSTS);
  return response;
}

export const config = {
  // Not the push route: running the proxy makes Next buffer the request body for it, and a body over
  // its buffer was cut short, so an oversize push read as "not valid JSON" instead of 413. The route
  // authenticates its own requests (an API token or the session).
  matcher: ["/((?!_next/static|_next/image|favicon.ico|icon.svg|api/v1/sources/[^/]+/sweeps/?$).*)"],
};
