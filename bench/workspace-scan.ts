/**
 * Workspace-scan benchmark: our scanTree against secretlint's maintained rules (the same rule set per file
 * through its core API, and the secretlint CLI itself on a sample) and against GNU grep with a handful of
 * the same patterns (the floor).
 *
 *   npx tsx bench/workspace-scan.ts        → bench/results/workspace-scan.json
 *
 * Targets: ≥ 100 MB/s warm, ≥ 100× the secretlint CLI, within 4× of grep. The correctness checks (every
 * planted secret found, no look-alike matched, no plaintext in the result) are recorded in the result.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { lintSource } from "@secretlint/core";
import { creator as presetRecommend } from "@secretlint/secretlint-rule-preset-recommend";
import { countScanWorkers } from "@/lib/credentials/scan-pool";
import { scanTree } from "@/lib/credentials/scan-tree";
import type { ScanTreeResult } from "@/lib/credentials/types";
import { generateBenchTree, type BenchTree } from "./scan-bench-tree";

const SPEC = { files: 20_000, totalBytes: 300 * 1024 * 1024, planted: 300, lookAlikes: 300, seed: 20261124 };
const SECRETLINT_SAMPLE = 1_000;
const GREP_PATTERNS = [
  "AKIA[0-9A-Z]{16}",
  "gh[pousr]_[A-Za-z0-9]{36}",
  "github_pat_[A-Za-z0-9_]{82}",
  "[sr]k_(live|test)_[A-Za-z0-9]{24,}",
  "sk-ant-api[0-9]{2}-",
  "-----BEGIN [A-Z ]*PRIVATE KEY",
  "(postgres|postgresql|mysql)://[^:/@ ]+:[^@/ ]+@",
  "RAILWAY[A-Z_]*TOKEN",
];

const mb = (bytes: number) => bytes / 1e6;
const round = (n: number, digits = 1) => Number(n.toFixed(digits));

/** CPU time of the whole process (all threads, workers included): unlike wall time, not inflated by other load. */
function cpuMs(since?: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
}

async function timeScan(roots: string[], workers?: number): Promise<{ ms: number; cpuMs: number; result: ScanTreeResult }> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const result = await scanTree(roots, { fingerprintKey: Buffer.alloc(32, 5), workers });
  return { ms: performance.now() - start, cpuMs: cpuMs(cpu), result };
}

async function bestOf<T extends { ms: number }>(runs: number, run: () => Promise<T> | T): Promise<T> {
  let best: T | undefined;
  for (let i = 0; i < runs; i++) {
    const result = await run();
    if (!best || result.ms < best.ms) best = result;
  }
  return best as T;
}

function checkCorrectness(tree: BenchTree, result: ScanTreeResult) {
  const byFile = new Map<string, Array<{ provider: string; kind: string }>>();
  for (const c of result.credentials) {
    for (const loc of c.locations) byFile.set(loc.file, [...(byFile.get(loc.file) ?? []), { provider: c.provider, kind: c.kind }]);
  }
  const missed = tree.plants.filter((p) => !(byFile.get(p.file) ?? []).some((c) => c.provider === p.provider && c.kind === p.kind));
  const lookAlikesMatched = tree.lookAlikeFiles.filter((f) => byFile.has(f));
  const serialized = JSON.stringify(result);
  const leaked = tree.plants.filter((p) => serialized.includes(p.secret));
  const unexpected = [...byFile.keys()].filter((f) => !tree.plants.some((p) => p.file === f));
  return {
    plantedSecrets: tree.plants.length,
    plantedFound: tree.plants.length - missed.length,
    missed: missed.map((p) => `${p.provider}/${p.kind}`),
    lookAlikes: tree.lookAlikeFiles.length,
    lookAlikesMatched: lookAlikesMatched.length,
    unexpectedFiles: unexpected.length,
    plaintextLeaks: leaked.length,
    allPlantedFound: missed.length === 0,
    noLookAlikeMatched: lookAlikesMatched.length === 0,
  };
}

async function timeSecretlintSample(tree: BenchTree) {
  const config = {
    rules: [
      {
        id: "@secretlint/secretlint-rule-preset-recommend",
        rule: presetRecommend,
        rules: [{ id: "@secretlint/secretlint-rule-aws", options: { enableIDScanRule: true } }],
      },
    ],
  };
  const step = Math.max(1, Math.floor(tree.allFiles.length / SECRETLINT_SAMPLE));
  const sample = tree.allFiles.filter((_, i) => i % step === 0).slice(0, SECRETLINT_SAMPLE);
  const texts = sample.map((file) => ({ file, text: readFileSync(file, "utf8") }));
  const bytes = texts.reduce((n, t) => n + Buffer.byteLength(t.text), 0);
  let messages = 0;
  const cpu = process.cpuUsage();
  const start = performance.now();
  for (const { file, text } of texts) {
    const result = await lintSource({ source: { content: text, filePath: file, contentType: "text" }, options: { config, maskSecrets: true } });
    messages += result.messages.length; // counted only: the result echoes the input, never log it
  }
  const ms = performance.now() - start;
  return { files: sample.length, bytes, ms, cpuMs: cpuMs(cpu), messages };
}

/**
 * The secretlint CLI itself (the `secretlint` package, recommended preset), once over the same sample:
 * what a team running it today pays per file. Its output is discarded unread: it echoes secrets.
 */
function timeSecretlintCli(tree: BenchTree) {
  const step = Math.max(1, Math.floor(tree.allFiles.length / SECRETLINT_SAMPLE));
  const sample = tree.allFiles.filter((_, i) => i % step === 0).slice(0, SECRETLINT_SAMPLE);
  const bytes = sample.reduce((n, file) => n + statSync(file).size, 0);
  const dir = mkdtempSync(path.join(os.tmpdir(), "blastmap-secretlint-cli-"));
  const rc = path.join(dir, ".secretlintrc.json");
  writeFileSync(rc, JSON.stringify({ rules: [{ id: "@secretlint/secretlint-rule-preset-recommend" }] }));
  const list = path.join(dir, "files.txt");
  writeFileSync(list, sample.join("\n"));
  const bin = path.join(process.cwd(), "node_modules", ".bin", "secretlint");
  try {
    const start = performance.now();
    // xargs keeps the argument list within limits; usually one invocation for the whole sample.
    const out = spawnSync("bash", ["-c", `xargs -a '${list}' -d '\\n' '${bin}' --secretlintrc '${rc}' --format json > /dev/null`], { maxBuffer: 1 << 30 });
    const ms = performance.now() - start;
    return { files: sample.length, bytes, ms, exitStatus: out.status };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function timeGrep(root: string) {
  const quoted = GREP_PATTERNS.map((p) => `-e '${p}'`).join(" ");
  // bash's `times` prints the CPU time of its children: grep's own user + system time.
  const script = `grep -rIlE ${quoted} '${root}' | wc -l; times`;
  const run = () => {
    const start = performance.now();
    const out = spawnSync("bash", ["-c", script], { env: { ...process.env, LC_ALL: "C" } });
    const ms = performance.now() - start;
    const lines = out.stdout.toString().trim().split("\n");
    const seconds = [...(lines[2] ?? "").matchAll(/(\d+)m([\d.]+)s/g)].reduce((n, m) => n + Number(m[1]) * 60 + Number(m[2]), 0);
    return { ms, cpuMs: seconds * 1000, files: Number(lines[0]), status: out.status };
  };
  run(); // warm
  return bestOf(3, run);
}

export async function runWorkspaceScanBench(): Promise<Record<string, unknown>> {
  const root = mkdtempSync(path.join(os.tmpdir(), "blastmap-scan-bench-"));
  try {
    const genStart = performance.now();
    const tree = generateBenchTree(root, SPEC);
    const generateMs = performance.now() - genStart;

    const cold = await timeScan([root]); // also warms the page cache and starts the worker pool
    // Best of three for every contender: other load on a shared machine only ever adds time.
    const warm = await bestOf(3, () => timeScan([root]));
    const workers = countScanWorkers();
    // One thread, on a tenth of the tree (4 of 40 packages): what the worker pool buys.
    const inThread = await timeScan([0, 1, 2, 3].map((i) => path.join(root, `pkg-${i}`)), 0);
    const correctness = checkCorrectness(tree, warm.result);

    const secretlint = await bestOf(2, () => timeSecretlintSample(tree));
    const secretlintCli = timeSecretlintCli(tree);
    const secretlintMsPerMB = secretlint.ms / mb(secretlint.bytes);
    const secretlintFullEstimateMs = secretlintMsPerMB * mb(tree.bytes);
    const grep = await timeGrep(root);

    const loadAverage = os.loadavg().map((n) => round(n, 2));
    const ours = { ms: warm.ms, mbPerSec: mb(warm.result.bytesScanned) / (warm.ms / 1000), filesPerSec: warm.result.filesScanned / (warm.ms / 1000) };
    return {
      bench: "workspace-scan",
      machine: { cpus: os.availableParallelism?.() ?? os.cpus().length, node: process.version, loadAverage1m5m15m: loadAverage },
      note: "wall-clock figures depend on other load on the machine; the cpu* figures (process CPU time, all threads) do not",
      tree: { files: tree.files, mb: round(mb(tree.bytes)), plantedSecrets: tree.plants.length, lookAlikes: tree.lookAlikeFiles.length, generateMs: Math.round(generateMs) },
      scanTree: {
        warmMs: Math.round(warm.ms),
        warmRuns: "best of 3",
        warmMBps: round(ours.mbPerSec),
        warmFilesPerSec: Math.round(ours.filesPerSec),
        warmCpuMs: Math.round(warm.cpuMs),
        MBperCpuSecond: round(mb(warm.result.bytesScanned) / (warm.cpuMs / 1000)),
        coldPoolMs: Math.round(cold.ms),
        coldPoolMBps: round(mb(cold.result.bytesScanned) / (cold.ms / 1000)),
        inThreadTenthOfTreeMs: Math.round(inThread.ms),
        inThreadMBps: round(mb(inThread.result.bytesScanned) / (inThread.ms / 1000)),
        inThreadMBperCpuSecond: round(mb(inThread.result.bytesScanned) / (inThread.cpuMs / 1000)),
        workers,
        filesScanned: warm.result.filesScanned,
        credentials: warm.result.credentials.length,
        warnings: warm.result.warnings.length,
      },
      secretlint: {
        measured: "@secretlint/core lintSource per file, recommended preset + AWS id scan, on an evenly spaced sample (the library path, in this process)",
        sampleFiles: secretlint.files,
        sampleMB: round(mb(secretlint.bytes), 2),
        sampleMs: Math.round(secretlint.ms),
        sampleCpuMs: Math.round(secretlint.cpuMs),
        msPerFile: round(secretlint.ms / secretlint.files, 3),
        MBperCpuSecond: round(mb(secretlint.bytes) / (secretlint.cpuMs / 1000)),
        fullTreeEstimateCpuMs: Math.round((secretlint.cpuMs / mb(secretlint.bytes)) * mb(tree.bytes)),
        MBps: round(mb(secretlint.bytes) / (secretlint.ms / 1000)),
        fullTreeEstimateMs: Math.round(secretlintFullEstimateMs),
      },
      secretlintCli: {
        measured: "the secretlint CLI (npm package secretlint, recommended preset) over the same 1,000-file sample, one run",
        sampleFiles: secretlintCli.files,
        sampleMB: round(mb(secretlintCli.bytes), 2),
        sampleMs: Math.round(secretlintCli.ms),
        msPerFile: round(secretlintCli.ms / secretlintCli.files, 2),
        msPerMB: round(secretlintCli.ms / mb(secretlintCli.bytes)),
        fullTreeEstimateMs: Math.round((secretlintCli.ms / secretlintCli.files) * tree.files),
        exitStatus: secretlintCli.exitStatus,
      },
      grep: { command: `LC_ALL=C grep -rIlE ${GREP_PATTERNS.map((p) => `-e '${p}'`).join(" ")} <root>`, warmMs: Math.round(grep.ms), cpuMs: Math.round(grep.cpuMs), MBps: round(mb(tree.bytes) / (grep.ms / 1000)), MBperCpuSecond: round(mb(tree.bytes) / (grep.cpuMs / 1000)), filesMatched: grep.files },
      ratios: {
        speedupVsSecretlintCoreApi: round(secretlintFullEstimateMs / warm.ms),
        speedupVsSecretlintCliPerFile: round(((secretlintCli.ms / secretlintCli.files) * tree.files) / warm.ms),
        speedupVsSecretlintCliPerMB: round(((secretlintCli.ms / mb(secretlintCli.bytes)) * mb(tree.bytes)) / warm.ms),
        timesSlowerThanGrep: round(warm.ms / grep.ms, 2),
        cpuSpeedupVsSecretlintCoreApi: round(((secretlint.cpuMs / mb(secretlint.bytes)) * mb(tree.bytes)) / warm.cpuMs),
        cpuTimesGrep: round(warm.cpuMs / grep.cpuMs, 2),
      },
      targets: {
        atLeast100MBps: ours.mbPerSec >= 100,
        atLeast100xSecretlintCli: ((secretlintCli.ms / secretlintCli.files) * tree.files) / warm.ms >= 100,
        within4xOfGrep: warm.ms / grep.ms <= 4,
      },
      correctness,
    };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const result = await runWorkspaceScanBench();
  const out = path.join(path.dirname(fileURLToPath(import.meta.url)), "results", "workspace-scan.json");
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
  console.log(JSON.stringify(result, null, 2));
}
