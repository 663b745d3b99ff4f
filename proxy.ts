/**
 * Every page and API route needs a session, except sign-in, next-auth's own routes and the readiness route.
 * Pages redirect to sign-in; API routes answer 401 with JSON. (Next 16 calls middleware "proxy".)
 */
import { getToken } from "next-auth/jwt";
import { NextResponse, type NextRequest } from "next/server";
import { getServerSecrets } from "@/lib/server-secrets";

const PUBLIC_PATHS = [/^\/login$/, /^\/api\/auth(\/|$)/, /^\/api\/health$/];

export async function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  if (PUBLIC_PATHS.some((pattern) => pattern.test(pathname))) return NextResponse.next();
  // Bearer tokens on /api/v1 are checked by the route handlers themselves.
  if (pathname.startsWith("/api/v1/") && request.headers.get("authorization")?.startsWith("Bearer ")) {
    return NextResponse.next();
  }

  const token = await getToken({ req: request, secret: getServerSecrets().authSecret });
  if (token) return NextResponse.next();

  if (pathname.startsWith("/api/")) {
    return NextResponse.json({ error: "unauthorized", message: "Sign in or send an API token." }, { status: 401 });
  }
  const login = new URL("/login", request.url);
  if (pathname !== "/") login.searchParams.set("callbackUrl", `${pathname}${search}`);
  return NextResponse.redirect(login);
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico|icon.svg).*)"],
};
