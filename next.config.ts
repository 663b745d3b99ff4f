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
  // Compression is left to the TLS proxy in front (nginx `gzip on`, Caddy `encode gzip`), as Next once
  // advised, to keep it off the one Node process: Next gzips each response as a stream, which costs ~0.8 ms
  // of CPU for a 30-byte answer and ~2 ms for an agent page (gzipping the same page in one call: 0.5 ms),
  // a tenth of all the server spends per request under load (BENCHMARKS.md, "Load"). Read at `next start`:
  // BLASTMAP_COMPRESS=1 turns it on for a server reached directly over a slow link.
  compress: process.env.BLASTMAP_COMPRESS === "1",
  reactStrictMode: true,
};

export default nextConfig;
