/**
 * Many projects under one root: the workspace collector given `--root` of a folder holding 500 projects
 * (walked for projects, one run), against one run per project in the same process (what sweeping a laptop
 * or a CI runner's workspace cost before the walk). Both must find the same agents and credentials.
 *
 *   npx tsx bench/workspace-projects.ts        → bench/results/workspace-projects.json
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { workspaceCollector } from "@/lib/collectors/workspace";
import { silentContext } from "@/lib/collectors/types";
import { createFakeSecrets } from "@/lib/credentials/testing/fake-secrets";
import type { GraphBatch } from "@/lib/graph/types";

const PROJECTS = Number(process.env.BENCH_PROJECTS ?? 500);
const SOURCE_FILES = 20;
const SOURCE_BYTES = 4096;
const KEY = Buffer.alloc(32, 11);

/** CPU time of the whole process (all threads, scan workers included), unlike wall time not inflated by other load. */
function cpuMs(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
}

function write(file: string, text: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
}

/**
 * 500 projects, each with an .mcp.json, Claude settings, a .env and source files; two thirds hold a secret.
 * The home folder sits beside the root, as on a CI runner: inside it, every Claude Code agent (which reads the
 * home) would make each per-project run rescan all 500 projects.
 */
function generateEstate(dir: string): { root: string; home: string; bytes: number } {
  const fakes = createFakeSecrets(500);
  const home = path.join(dir, "home");
  const root = path.join(dir, "workspace");
  write(path.join(home, ".claude", "settings.json"), JSON.stringify({ permissions: { allow: ["Bash(npm run test:*)"] } }));
  let bytes = 0;
  const filler = "export function handler(event) {\n  return { status: 200, body: JSON.stringify(event) };\n}\n".repeat(64).slice(0, SOURCE_BYTES);
  for (let i = 0; i < PROJECTS; i++) {
    const project = path.join(root, `team-${i % 20}`, `service-${i}`);
    const token = fakes.planted.githubClassic().secret;
    const mcp = {
      mcpServers: {
        github: { command: "npx", args: ["-y", "@modelcontextprotocol/server-github"], env: { GITHUB_PERSONAL_ACCESS_TOKEN: i % 3 === 0 ? "${GITHUB_TOKEN}" : token } },
        docs: { type: "http", url: `https://docs-${i}.example.com/mcp` },
      },
    };
    const files: [string, string][] = [
      [".mcp.json", JSON.stringify(mcp, null, 2)],
      [path.join(".claude", "settings.json"), JSON.stringify({ permissions: { deny: ["Read(./.env)"] }, hooks: { PreToolUse: [{ matcher: "Bash", hooks: [{ type: "command", command: "npx blastmap guard hook --agent claude-code" }] }] } })],
      [".env", i % 3 === 1 ? fakes.planted.stripeSecret().text : "LOG_LEVEL=debug\n"],
      ...Array.from({ length: SOURCE_FILES }, (_, f) => [path.join("src", `module-${f}.js`), filler] as [string, string]),
    ];
    for (const [name, text] of files) {
      write(path.join(project, name), text);
      bytes += Buffer.byteLength(text);
    }
  }
  return { root, home, bytes };
}

function summarise(batches: GraphBatch[]) {
  const agents = new Set<string>();
  const credentials = new Set<string>();
  for (const batch of batches) {
    for (const node of batch.nodes) {
      if (node.kind === "agent") agents.add(node.key);
      if (node.kind === "credential") credentials.add(node.key);
    }
  }
  return { agents: agents.size, credentials: credentials.size };
}

export async function runWorkspaceProjectsBench(): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "blastmap-projects-bench-"));
  try {
    const estate = generateEstate(dir);
    const ctx = silentContext(KEY);
    // Warm the page cache and the scan workers once, so neither contender pays for them.
    await workspaceCollector.collect({ roots: [estate.root], home: estate.home, machine: "bench" }, ctx);

    const walkCpu = process.cpuUsage();
    const walkStart = performance.now();
    const walked = await workspaceCollector.collect({ roots: [estate.root], home: estate.home, machine: "bench" }, ctx);
    const walkMs = performance.now() - walkStart;
    const walkCpuMs = cpuMs(walkCpu);

    const projects = walked.nodes.filter((node) => node.kind === "agent").map((node) => String(node.props?.workspaceRoot));
    const projectRoots = [...new Set(projects)].sort();
    const perProjectCpu = process.cpuUsage();
    const perProjectStart = performance.now();
    const perProject: GraphBatch[] = [];
    for (const project of projectRoots) perProject.push(await workspaceCollector.collect({ roots: [project], home: estate.home, machine: "bench" }, ctx));
    const perProjectMs = performance.now() - perProjectStart;
    const perProjectCpuMs = cpuMs(perProjectCpu);

    const walkedFound = summarise([walked]);
    const perProjectFound = summarise(perProject);
    return {
      bench: "workspace-projects",
      machine: { cpus: os.availableParallelism?.() ?? os.cpus().length, node: process.version, loadAverage1m5m15m: os.loadavg().map((n) => Number(n.toFixed(2))) },
      estate: { projects: PROJECTS, projectsFound: projectRoots.length, sourceMB: Number((estate.bytes / 1e6).toFixed(1)) },
      note: "wall-clock figures depend on other load on the machine; cpuMs (process CPU time, all threads) does not",
      oneRunOverTheRoot: { ms: Math.round(walkMs), cpuMs: Math.round(walkCpuMs), cpuMsPerProject: Number((walkCpuMs / PROJECTS).toFixed(1)), ...walkedFound, warnings: walked.warnings?.length ?? 0 },
      oneRunPerProject: { runs: projectRoots.length, ms: Math.round(perProjectMs), cpuMs: Math.round(perProjectCpuMs), cpuMsPerProject: Number((perProjectCpuMs / PROJECTS).toFixed(1)), ...perProjectFound },
      speedup: Number((perProjectMs / walkMs).toFixed(1)),
      cpuSpeedup: Number((perProjectCpuMs / walkCpuMs).toFixed(1)),
      sameFindings: walkedFound.agents === perProjectFound.agents && walkedFound.credentials === perProjectFound.credentials,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const result = await runWorkspaceProjectsBench();
  const out = path.join(path.dirname(fileURLToPath(import.meta.url)), "results", "workspace-projects.json");
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
  console.log(JSON.stringify(result, null, 2));
}
