import type { NextConfig } from "next";
import { NO_STORE_PATHS, STATIC_SECURITY_HEADERS } from "./lib/security-headers";

const nextConfig: NextConfig = {
  // Native and WASM packages stay as Node requires instead of being bundled.
  serverExternalPackages: [
    "@electric-sql/pglite",
    "@secretlint/core",
    "@secretlint/secretlint-rule-preset-recommend",
    "tsx",
    "esbuild",
    // The workspace collector reads hook commands with the guard's tree-sitter-bash (WASM, loaded at run time).
    "web-tree-sitter",
    "tree-sitter-bash",
  ],
  // `npm test` runs tsc --noEmit as its own step; checking again inside every build only slows it down.
  typescript: { ignoreBuildErrors: true },
  // Bodies the proxy reads (every route but the push, which it skips: see proxy.ts) are small; past this
  // the proxy would cut them short.
  experimental: { proxyClientMaxBodySize: "10mb" },
  // Every response (lib/security-headers.ts); pages get their nonced CSP and HSTS from the proxy.
  async headers() {
    return [
      { source: "/:path*", headers: STATIC_SECURITY_HEADERS },
      ...NO_STORE_PATHS.map((source) => ({ source, headers: [{ key: "Cache-Control", value: "no-store" }] })),
    ];
  },
  poweredByHeader: false,
  reactStrictMode: true,
};

export default nextConfig;
