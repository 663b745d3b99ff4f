/**
 * `npm run bench`: every benchmark in one process, results in bench/results/<name>.json and a summary in
 * bench/results/summary.json. Figures are reported as ratios against baselines measured in the same run,
 * because these machines are noisy. Choose a subset with `npm run bench -- ingest reach`.
 */
import fs from "node:fs";
import os from "node:os";
import { runAwsIamBench } from "@/bench/aws-iam";
import { runGuardHookBench } from "@/bench/guard-hook";
import { runIngestBench } from "@/bench/ingest";
import { runReachBench } from "@/bench/reach";
import { runWorkspaceProjectsBench } from "@/bench/workspace-projects";
import { runWorkspaceScanBench } from "@/bench/workspace-scan";

const BENCHES: Record<string, () => Promise<Record<string, unknown>>> = {
  "workspace-scan": runWorkspaceScanBench,
  "workspace-projects": runWorkspaceProjectsBench,
  "aws-iam": runAwsIamBench,
  ingest: runIngestBench,
  reach: () => runReachBench(),
  "guard-hook": () => runGuardHookBench(),
};

const wanted = process.argv.slice(2).filter((arg) => !arg.startsWith("-"));
const names = wanted.length ? wanted : Object.keys(BENCHES);
fs.mkdirSync("bench/results", { recursive: true });
const machine = { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version, loadAverage: os.loadavg() };
const summary: Record<string, unknown> = { startedAt: new Date().toISOString(), machine };
for (const name of names) {
  const bench = BENCHES[name];
  if (!bench) {
    console.error(`unknown benchmark "${name}" (have: ${Object.keys(BENCHES).join(", ")})`);
    process.exit(2);
  }
  console.error(`━━ bench ${name}`);
  const started = performance.now();
  const result = await bench();
  summary[name] = { ...result, benchSeconds: Math.round((performance.now() - started) / 100) / 10 };
  fs.writeFileSync(`bench/results/${name}.json`, `${JSON.stringify(result, null, 2)}\n`);
}
fs.writeFileSync("bench/results/summary.json", `${JSON.stringify(summary, null, 2)}\n`);
console.log(JSON.stringify(summary, null, 2));
