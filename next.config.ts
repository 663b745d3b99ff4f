import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Native and WASM packages stay as Node requires instead of being bundled.
  serverExternalPackages: ["@electric-sql/pglite", "@secretlint/core", "@secretlint/secretlint-rule-preset-recommend", "tsx", "esbuild"],
  // `npm test` runs tsc --noEmit as its own step; checking again inside every build only slows it down.
  typescript: { ignoreBuildErrors: true },
  // Pushed batches may be up to 50 MB (the push route enforces that cap itself, also while inflating gzip);
  // the proxy's default 10 MB would silently truncate larger bodies before the route sees them.
  experimental: { proxyClientMaxBodySize: "50mb" },
  poweredByHeader: false,
  reactStrictMode: true,
};

export default nextConfig;
