/**
 * The headers every response carries (F12). Pages get a Content-Security-Policy whose scripts must carry
 * a nonce made for that response (Next adds it to its own scripts when it finds the policy on the
 * request), so an injected <script> does not run; `frame-ancestors 'none'` keeps every page out of
 * frames (clickjacking); HSTS only over HTTPS, where it means something. The static ones (nosniff,
 * referrer, framing for old browsers, no-store on APIs) are set for every path in next.config.ts.
 * Edge-safe: the proxy imports this.
 */
export const STATIC_SECURITY_HEADERS: { key: string; value: string }[] = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "no-referrer" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=(), usb=()" },
];

/** JSON and exports: never kept by a browser or a shared cache. */
export const NO_STORE_PATHS = ["/api/:path*", "/graph/data", "/agents/:id/paths", "/audit/export"];

export function contentSecurityPolicy(nonce: string, options: { dev?: boolean } = {}): string {
  return [
    "default-src 'self'",
    // 'strict-dynamic': scripts the nonced ones load are trusted too (Next's chunks), nothing else.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${options.dev ? " 'unsafe-eval'" : ""}`,
    // React writes style attributes (layout, Cytoscape's container); they cannot carry a nonce.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

export function newNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}

/** Served over HTTPS, directly or behind a proxy that terminates TLS. */
export function isHttps(url: URL, headers: Headers): boolean {
  return url.protocol === "https:" || headers.get("x-forwarded-proto")?.split(",")[0].trim() === "https";
}

export const HSTS = "max-age=31536000; includeSubDomains";

/** The response, with HSTS when the request came over HTTPS. */
export function withTransportSecurity<R extends Response>(request: Request, response: R): R {
  if (isHttps(new URL(request.url), request.headers)) response.headers.set("strict-transport-security", HSTS);
  return response;
}
