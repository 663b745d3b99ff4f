import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

const config = [
  ...nextVitals,
  ...nextTs,
  {
    ignores: [".next/**", "node_modules/**", ".blastmap/**", "test-results/**", "playwright-report/**", "bench/results/**", "next-env.d.ts", "lib/demo/estate/**", "**/*.tmp.ts"],
  },
  {
    rules: {
      // Icons are tiny local SVGs; next/image adds nothing for them.
      "@next/next/no-img-element": "off",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    // Client components must not pull server modules (and the database driver) into the browser bundle.
    files: ["components/**/*.tsx"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [{ group: ["@/lib/db/*", "@/lib/db/**", "@/lib/collectors/**"], message: "Client components get data through props from server components." }] }],
    },
  },
];

export default config;
