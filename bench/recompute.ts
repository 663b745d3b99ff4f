/**
 * One full findings recompute (`analyzeGraph`: reach index, load, rules, save) on a seeded database, timed
 * in wall and CPU time (process.cpuUsage: this process, not the database server). To compare two
 * checkouts, give each its own copy of one seeded database and alternate runs, so both meet the same load:
 *
 *   psql -c 'create database rb_old template rulesbench' -c 'create database rb_new template rulesbench'
 *   (cd old && npx tsx bench/recompute.ts --url postgres://…/rb_old)   # once each to warm, then in turns
 *   (cd new && npx tsx bench/recompute.ts --url postgres://…/rb_new)
 *
 * Seed `rulesbench` with bench/findings-rules.ts --seed. Prints one JSON line per run.
 */
import { openDatabase } from "@/lib/db/client";
import { analyzeGraph } from "@/lib/findings/run-analysis";

function argument(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 && process.argv[at + 1] ? process.argv[at + 1] : fallback;
}

async function main(): Promise<void> {
  const url = argument("url", "");
  if (!url) throw new Error("--url postgres://… is required");
  const handle = await openDatabase({ driver: "pg", url });
  try {
    global.gc?.();
    const cpuStart = process.cpuUsage();
    const started = performance.now();
    const result = await analyzeGraph(handle.db);
    const wallMs = performance.now() - started;
    const cpu = process.cpuUsage(cpuStart);
    const findings = Object.values(result.byRule).reduce((sum, n) => sum + n, 0);
    console.log(JSON.stringify({ wallMs: Math.round(wallMs), cpuMs: Math.round((cpu.user + cpu.system) / 1000), findings, timings: result.timings }));
  } finally {
    await handle.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
