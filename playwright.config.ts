import fs from "node:fs";
import { defineConfig } from "@playwright/test";
import { E2E_ADMIN_PASSWORD, E2E_PORT } from "./e2e/constants";

/**
 * End-to-end tests in Debian's Chromium (never a downloaded browser), against `npm start` on a fresh
 * embedded database. They refuse to run against anything but a local database.
 */
const BASE_URL = `http://localhost:${E2E_PORT}`;

const databaseUrl = process.env.DATABASE_URL;
if (databaseUrl && !["127.0.0.1", "localhost", "::1", "[::1]"].includes(new URL(databaseUrl).hostname)) {
  throw new Error(`Refusing to run end-to-end tests against a non-local database (${new URL(databaseUrl).hostname}).`);
}

const chromiumPath = process.env.PLAYWRIGHT_CHROMIUM_PATH ?? "/usr/bin/chromium";
if (!fs.existsSync(chromiumPath)) {
  throw new Error(`Chromium not found at ${chromiumPath}: install Debian's chromium (apt-get install chromium) or set PLAYWRIGHT_CHROMIUM_PATH.`);
}

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results/e2e",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"], ["json", { outputFile: "test-results/e2e-report.json" }]],
  use: {
    baseURL: BASE_URL,
    screenshot: "only-on-failure",
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: chromiumPath,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  projects: [
    { name: "setup", testMatch: /auth\.setup\.ts/ },
    { name: "signed-out", testMatch: /sign-in\.spec\.ts/ },
    {
      name: "signed-in",
      testMatch: /\.spec\.ts/,
      testIgnore: /sign-in\.spec\.ts/,
      dependencies: ["setup"],
      use: { storageState: "test-results/.auth/admin.json" },
    },
  ],
  webServer: {
    // A fresh data folder every run, so the first-run admin and the demo load are exercised too.
    command: `rm -rf test-results/e2e-data && npx tsx scripts/start.ts`,
    url: `${BASE_URL}/api/health`,
    timeout: 300_000,
    reuseExistingServer: false,
    stdout: "pipe",
    env: {
      PORT: String(E2E_PORT),
      BLASTMAP_DATA_DIR: "test-results/e2e-data",
      BLASTMAP_ADMIN_PASSWORD: E2E_ADMIN_PASSWORD,
      NEXTAUTH_URL: BASE_URL,
      DATABASE_URL: "",
    },
  },
});
