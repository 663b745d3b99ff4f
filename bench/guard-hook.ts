/**
 * The installed guard hook's wall time, as an agent pays it before every tool call. The whole product path
 * is set up first, through the real bin: the demo estate collected and ingested into a scratch embedded
 * database, `guard sync` writing the snapshot and key into a scratch home, `guard install --agent
 * claude-code` writing the hook into a project's .claude/settings.json. Then the command written there is
 * run through `sh -c` (as Claude Code runs it) with a Claude Code PreToolUse payload on stdin, for
 * - a harmless call (`ls -la`),
 * - the incident's call: curl posting a GraphQL volumeDelete with the demo's Railway token,
 * interleaved with `node -e ''` through the same `sh -c`, ≥ 20 runs each; medians and ratios reported,
 * warm (the daemon the first call starts answers) and cold (BLASTMAP_GUARD_DAEMON=0: every call alone).
 * Targets (issue 13): harmless ≤ 2× node, incident ≤ 3× node. `npx tsx bench/guard-hook.ts [--runs N]`.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parse as parseJsonc } from "jsonc-parser";
import { demoWorkspaceConfig } from "@/lib/demo";

const BIN = path.resolve("bin/blastmap.mjs");

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function runOrThrow(args: string[], env: NodeJS.ProcessEnv, cwd: string): string {
  const result = spawnSync(process.execPath, [BIN, ...args], { env, cwd, encoding: "utf8" });
  if (result.status !== 0) throw new Error(`blastmap ${args.join(" ")} failed: ${result.stderr}`);
  return result.stdout;
}

function timed(command: string, stdin: string, env: NodeJS.ProcessEnv, cwd: string): { ms: number; stdout: string; status: number | null } {
  const started = performance.now();
  const result = spawnSync("sh", ["-c", command], { input: stdin, env, cwd, encoding: "utf8" });
  return { ms: performance.now() - started, stdout: result.stdout, status: result.status };
}

export async function runGuardHookBench(runs = 25): Promise<Record<string, unknown>> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "bench-guard-hook-"));
  try {
    const home = path.join(work, "home");
    const project = path.join(work, "project");
    fs.mkdirSync(home, { recursive: true });
    fs.mkdirSync(project, { recursive: true });
    const demo = demoWorkspaceConfig();
    const storefront = demo.roots[0];
    const setupEnv = {
      ...process.env,
      HOME: home,
      DATABASE_URL: "",
      BLASTMAP_DATA_DIR: path.join(work, "data"),
      BLASTMAP_FINGERPRINT_KEY: "bench-guard-hook-fingerprint-key-0123456789",
      BLASTMAP_AUTH_SECRET: "bench-guard-hook-auth-secret-0123456789abc",
    };
    const batch = path.join(work, "batch.json");
    runOrThrow(["collect", "workspace", "--root", storefront, "--home", demo.home!, "--out", batch], setupEnv, work);
    runOrThrow(["ingest", batch], setupEnv, work);
    runOrThrow(["guard", "sync"], setupEnv, work);
    runOrThrow(["guard", "install", "--agent", "claude-code", "--scope", "project", "--root", project], setupEnv, work);
    const settings = parseJsonc(fs.readFileSync(path.join(project, ".claude", "settings.json"), "utf8"));
    const command: string = settings.hooks.PreToolUse[0].hooks[0].command;

    // The agent's environment: its HOME, no Blastmap variables (the key comes from the file sync wrote); the
    // warm daemon the first call starts leaves a minute after the last one.
    const hookEnv = { PATH: process.env.PATH, HOME: home, BLASTMAP_GUARD_DAEMON_IDLE_MS: "60000" } as unknown as NodeJS.ProcessEnv;
    const token = /RAILWAY_TOKEN=(\S+)/.exec(fs.readFileSync(path.join(storefront, "scripts", "custom-domains.sh"), "utf8"))![1];
    const payload = (shell: string) =>
      JSON.stringify({ session_id: "bench", cwd: storefront, hook_event_name: "PreToolUse", tool_name: "Bash", tool_input: { command: shell } });
    const harmless = payload("ls -la");
    const incident = payload(
      `curl -s -X POST https://backboard.railway.com/graphql/v2 -H "Authorization: Bearer ${token}" -H "Content-Type: application/json" ` +
        `-d '{"query":"mutation { volumeDelete(volumeId: \\"3f1c2a9e-volume\\") }"}'`,
    );

    // Warm-up: the first run of a changed tree rebuilds the bundle, and starts the warm daemon.
    for (let i = 0; i < 3; i++) timed(command, harmless, hookEnv, storefront);
    const coldEnv = { ...hookEnv, BLASTMAP_GUARD_DAEMON: "0" };
    // The CLI itself (--help), and the floor for any script entry: an empty .mjs file (node's ESM loader and
    // the main path's resolution, which `node -e ''` never pays).
    const helpCommand = `${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} --help`;
    const noop = path.join(work, "noop.mjs");
    fs.writeFileSync(noop, "");
    const noopCommand = `${JSON.stringify(process.execPath)} ${JSON.stringify(noop)}`;
    const times = {
      node: [] as number[],
      emptyModule: [] as number[],
      help: [] as number[],
      harmless: [] as number[],
      incident: [] as number[],
      harmlessCold: [] as number[],
      incidentCold: [] as number[],
    };
    const answers = { harmless: "", incident: "", incidentCold: "" };
    for (let i = 0; i < runs; i++) {
      times.node.push(timed(`${JSON.stringify(process.execPath)} -e ''`, "", hookEnv, storefront).ms);
      times.emptyModule.push(timed(noopCommand, "", hookEnv, storefront).ms);
      times.help.push(timed(helpCommand, "", hookEnv, storefront).ms);
      const a = timed(command, harmless, hookEnv, storefront);
      const d = timed(command, incident, hookEnv, storefront);
      const ac = timed(command, harmless, coldEnv, storefront);
      const dc = timed(command, incident, coldEnv, storefront);
      times.harmless.push(a.ms);
      times.incident.push(d.ms);
      times.harmlessCold.push(ac.ms);
      times.incidentCold.push(dc.ms);
      Object.assign(answers, { harmless: a.stdout, incident: d.stdout, incidentCold: dc.stdout });
    }
    const helpTsx = Array.from({ length: 5 }, () => timed(helpCommand, "", { ...hookEnv, BLASTMAP_CLI_TSX: "1" }, storefront).ms);
    const decision = (stdout: string) => (stdout ? (JSON.parse(stdout).hookSpecificOutput?.permissionDecision ?? "?") : "(no output: the call goes on)");
    const round = (ms: number) => Math.round(ms * 10) / 10;
    const ratio = (values: number[]) => Math.round((median(values) / median(times.node)) * 100) / 100;
    const result = {
      runs,
      hookCommand: command.replace(os.homedir(), "~"),
      nodeMedianMs: round(median(times.node)),
      harmlessMedianMs: round(median(times.harmless)),
      incidentMedianMs: round(median(times.incident)),
      harmlessRatio: ratio(times.harmless),
      incidentRatio: ratio(times.incident),
      harmlessColdMedianMs: round(median(times.harmlessCold)),
      incidentColdMedianMs: round(median(times.incidentCold)),
      harmlessColdRatio: ratio(times.harmlessCold),
      incidentColdRatio: ratio(times.incidentCold),
      emptyMjsMedianMs: round(median(times.emptyModule)),
      emptyMjsRatio: ratio(times.emptyModule),
      helpMedianMs: round(median(times.help)),
      helpRatio: ratio(times.help),
      helpThroughTsxMedianMs: round(median(helpTsx)),
      harmlessDecision: decision(answers.harmless),
      incidentDecision: decision(answers.incident),
      sameAnswerWarmAndCold: answers.incident === answers.incidentCold,
      incidentReason: answers.incident ? (JSON.parse(answers.incident).hookSpecificOutput?.permissionDecisionReason ?? "") : "",
      loadAverage: os.loadavg().map((x) => Math.round(x * 100) / 100),
    };
    if (result.incidentReason.includes(token)) throw new Error("the hook's reason holds the token");
    return result;
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve("bench/guard-hook.ts")) {
  const at = process.argv.indexOf("--runs");
  console.log(JSON.stringify(await runGuardHookBench(at > 0 ? Number(process.argv[at + 1]) : 25), null, 2));
}
