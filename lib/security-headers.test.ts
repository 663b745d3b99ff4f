import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, isHttps, newNonce } from "@/lib/security-headers";

describe("security headers", () => {
  it("lets only nonced scripts run, and no site frame a page", () => {
    const csp = contentSecurityPolicy("abc123");
    expect(csp).toContain("script-src 'self' 'nonce-abc123' 'strict-dynamic'");
    expect(csp).not.toContain("unsafe-eval");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("base-uri 'none'");
  });

  it("makes a fresh nonce each time", () => {
    const nonces = new Set(Array.from({ length: 100 }, newNonce));
    expect(nonces.size).toBe(100);
    for (const nonce of nonces) expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
  });

  it("knows HTTPS behind a proxy that terminates TLS", () => {
    expect(isHttps(new URL("http://blastmap:3000/"), new Headers({ "x-forwarded-proto": "https" }))).toBe(true);
    expect(isHttps(new URL("https://blastmap/"), new Headers())).toBe(true);
    expect(isHttps(new URL("http://localhost:3000/"), new Headers())).toBe(false);
  });
});
