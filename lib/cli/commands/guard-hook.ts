/**
 * blastmap guard hook --agent NAME: what an agent's pre-call hook runs. stdin is the agent's hook JSON,
 * stdout and the exit code its protocol's answer (runGuardHook). Should the guard itself fail to load or
 * throw, the call is denied in the agent's protocol, and if even that cannot be written, blocked with exit
 * code 2 (Claude Code, Gemini CLI, Windsurf and Cursor read it as a block): a broken guard must not
 * silently allow what it would have stopped.
 */
import v8 from "node:v8";
import type { CliIo } from "@/lib/cli/output";
import { parseFlags } from "@/lib/cli/main";
import { AppError, describeError } from "@/lib/errors";
import { GUARD_AGENTS, type GuardAgent } from "@/lib/guard/types";

export async function guardHookCommand(args: string[], io: CliIo, stdin: () => Promise<string> = readStdin): Promise<number> {
  const { values } = parseFlags(args, { agent: { type: "string" } });
  if (!values.agent || !(GUARD_AGENTS as readonly string[]).includes(values.agent)) {
    throw new AppError("bad_request:usage", `--agent must be one of ${GUARD_AGENTS.join(", ")}`);
  }
  const agent = values.agent as GuardAgent;
  // The shell parser is WebAssembly (tree-sitter). By default V8 also optimises it on background threads,
  // and the process cannot exit before they finish: ~2 s per hook on this machine, against ~0.1 s with
  // the baseline compiler alone, which parses a command in well under a millisecond.
  v8.setFlagsFromString("--liftoff-only");
  try {
    const input = await stdin();
    const { runGuardHook } = await import("@/lib/guard/run-hook");
    const result = await runGuardHook({ agent, stdin: input, env: process.env, cwd: process.cwd() });
    if (result.stdout) io.out(result.stdout);
    if (result.stderr) io.err(result.stderr.replace(/\n$/, ""));
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

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}
