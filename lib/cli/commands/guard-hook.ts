/**
 * blastmap guard hook --agent NAME: what an agent's pre-call hook runs. stdin is the agent's hook JSON,
 * stdout and the exit code its protocol's answer (runGuardHook), from the warm guard daemon when one runs
 * for this build (lib/guard/daemon), else computed here, and a daemon started for the next call. Should the guard itself fail to load or
 * throw, the call is denied in the agent's protocol, and if even that cannot be written, blocked with exit
 * code 2 (Claude Code, Gemini CLI, Windsurf and Cursor read it as a block): a broken guard must not
 * silently allow what it would have stopped.
 */
import os from "node:os";
import type { CliIo } from "@/lib/cli/output";
import { parseFlags } from "@/lib/cli/main";
import { AppError, describeError } from "@/lib/errors";
import { askGuardDaemon, guardDaemonSocket, readHookStdin, startGuardDaemon } from "@/lib/guard/daemon/client";
import { blastmapBinPath } from "@/lib/guard/hook-command";
import { GUARD_AGENTS, type GuardAgent } from "@/lib/guard/types";

export async function guardHookCommand(args: string[], io: CliIo, stdin: () => Promise<string> = readHookStdin): Promise<number> {
  const { values } = parseFlags(args, { agent: { type: "string" } });
  if (!values.agent || !(GUARD_AGENTS as readonly string[]).includes(values.agent)) {
    throw new AppError("bad_request:usage", `--agent must be one of ${GUARD_AGENTS.join(", ")}`);
  }
  const agent = values.agent as GuardAgent;
  try {
    const input = await stdin();
    const request = { agent, stdin: input, env: process.env, cwd: process.cwd() };
    const socket = guardDaemonSocket(process.env);
    const warm = socket ? await askGuardDaemon(socket, request) : null;
    const result = warm ?? (await runHere(request));
    if (result.stdout) io.out(result.stdout);
    if (result.stderr) io.err(result.stderr.replace(/\n$/, ""));
    if (socket && !warm) await startGuardDaemon(blastmapBinPath(), process.env);
    return result.exitCode;
  } catch (error) {
    const reason = `Blastmap guard failed (${describeError(error)}), so the call is blocked. Run \`blastmap guard hook --agent ${agent}\` by hand to see why.`;
    try {
      const { renderDecision } = await import("@/lib/guard/protocols");
      const denied = renderDecision(agent, { verdict: "deny", reason });
      if (denied.stdout) io.out(denied.stdout);
      io.err(denied.stderr || reason);
      return denied.exitCode;
    } catch {
      io.err(reason);
      return 2;
    }
  }
}

/** The hook in this process, when no warm daemon answered. */
async function runHere(request: Parameters<typeof import("@/lib/guard/run-hook").runGuardHook>[0]) {
  // The shell parser is WebAssembly (tree-sitter). By default V8 also optimises it on background threads,
  // and the process cannot exit before they finish: ~2 s per hook on this machine, against ~0.1 s with
  // the baseline compiler alone, which parses a command in well under a millisecond.
  (await import("node:v8")).setFlagsFromString("--liftoff-only");
  return (await import("@/lib/guard/run-hook")).runGuardHook(request);
}


/** blastmap guard daemon: the warm guard `guard hook` asks first (see lib/guard/daemon). */
export async function guardDaemonCommand(args: string[]): Promise<number> {
  parseFlags(args, {});
  const socket = guardDaemonSocket(process.env);
  if (!socket) throw new AppError("bad_request:usage", "no guard daemon for this blastmap (BLASTMAP_GUARD_DAEMON=0, Windows, or the CLI runs unbundled)");
  const [{ serveGuardHooks }, { runGuardHook }, { isBuildCurrent }] = await Promise.all([
    import("@/lib/guard/daemon/server"),
    import("@/lib/guard/run-hook"),
    import("@/lib/cli/bundle-freshness"),
  ]);
  // BLASTMAP_GUARD_DAEMON_IDLE_MS: how long it stays without a call (default 15 minutes; tests use less).
  const idle = Number(process.env.BLASTMAP_GUARD_DAEMON_IDLE_MS);
  const run = async (request: Parameters<typeof runGuardHook>[0]) => {
    const { stdout, stderr, exitCode } = await runGuardHook(request);
    return { stdout, stderr, exitCode };
  };
  // The kinds of call that load something on first use: a literal command, one only tree-sitter reads (a
  // pipeline: its WebAssembly compiles once), curl with a GraphQL body, psql.
  const warmUp = async () => {
    for (const command of ["ls -la", "ls -la | head -n 1", `curl -s -X POST https://example.invalid/graphql -d '{"query":"mutation { ping }"}'`, "psql -c 'select 1'"]) {
      const stdin = JSON.stringify({ session_id: "warm-up", cwd: os.tmpdir(), hook_event_name: "PreToolUse", tool_name: "Bash", tool_input: { command } });
      await runGuardHook({ agent: "claude-code", stdin, env: { HOME: process.env.HOME }, cwd: os.tmpdir(), log: false });
    }
  };
  const build = process.env.BLASTMAP_CLI_BUILD!;
  await serveGuardHooks(socket, { run, warmUp, isCurrent: () => isBuildCurrent(build), ...(idle > 0 ? { idleMs: idle } : {}) });
  return 0;
}
