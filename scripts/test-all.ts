/**
 * `npm test`: the whole suite, in order of speed — lint, types, unit, integration on three database
 * drivers, then the app built and driven in Chromium. Stops at the first failing layer, and fails when a
 * driver suite did not run (under CI=true, or always for PGlite).
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { buildIfNeeded } from "@/scripts/build-if-needed";

const BIN = path.join(process.cwd(), "node_modules", ".bin");
const RESULTS = path.join(process.cwd(), "test-results");
const inCi = process.env.CI === "true";
const totals = { passed: 0, failed: 0, skipped: 0 };

function step(title: string, command: string, args: string[]): void {
  console.log(`\n━━ ${title} ━━`);
  const started = Date.now();
  const result = spawnSync(path.join(BIN, command), args, { stdio: "inherit", env: process.env });
  console.log(`━━ ${title}: ${result.status === 0 ? "ok" : "FAILED"} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  if (result.status !== 0) finish(1);
}

function countVitest(file: string, requireDrivers: boolean): void {
  const report = JSON.parse(fs.readFileSync(file, "utf8")) as {
    testResults: { assertionResults: { fullName: string; status: string }[] }[];
  };
  const tests = report.testResults.flatMap((suite) => suite.assertionResults);
  for (const t of tests) {
    if (t.status === "passed") totals.passed++;
    else if (t.status === "failed") totals.failed++;
    else totals.skipped++;
  }
  if (!requireDrivers) return;
  for (const driver of ["pglite", "postgres", "neon"]) {
    const ran = tests.filter((t) => t.fullName.includes(`[${driver}]`) && t.status === "passed").length;
    console.log(`   store and integration suites on ${driver}: ${ran} passed`);
    if (ran === 0 && (inCi || driver === "pglite")) {
      console.error(`The ${driver} driver suite did not run.`);
      finish(1);
    }
  }
}

function countPlaywright(file: string): void {
  const report = JSON.parse(fs.readFileSync(file, "utf8")) as { stats: { expected: number; unexpected: number; skipped: number; flaky: number } };
  totals.passed += report.stats.expected + report.stats.flaky;
  totals.failed += report.stats.unexpected;
  totals.skipped += report.stats.skipped;
}

function finish(code: number): never {
  console.log(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
  process.exit(code);
}

fs.mkdirSync(RESULTS, { recursive: true });
step("lint", "eslint", ["."]);
step("types", "tsc", ["--noEmit"]);
step("unit tests", "vitest", ["run", "--project", "unit", "--reporter=default", "--reporter=json", `--outputFile.json=${RESULTS}/unit.json`]);
countVitest(`${RESULTS}/unit.json`, false);
step("integration tests (PGlite, Postgres, Neon through a WebSocket proxy)", "vitest", [
  "run",
  "--project",
  "integration",
  "--reporter=default",
  "--reporter=json",
  `--outputFile.json=${RESULTS}/integration.json`,
]);
countVitest(`${RESULTS}/integration.json`, true);
console.log("\n━━ build ━━");
buildIfNeeded();
step("end-to-end tests in Chromium", "playwright", ["test"]);
countPlaywright(`${RESULTS}/e2e-report.json`);
finish(totals.failed > 0 ? 1 : 0);
