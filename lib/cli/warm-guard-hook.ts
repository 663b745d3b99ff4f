/**
 * The fast way through `blastmap guard hook`: bin/blastmap.mjs loads this entry of the last build straight
 * from the manifest, before checking ~190 sources, and it only asks the warm guard daemon of that build,
 * which checks them itself at every call (a daemon whose build is no longer current answers nothing and
 * leaves). Unanswered, bin takes the usual way, which checks, rebuilds when needed and runs the hook with
 * the stdin read here. Only the exact `--agent NAME` that install writes takes this way.
 */
import { askGuardDaemon, guardDaemonSocket, readHookStdin } from "@/lib/guard/daemon/client";
import { GUARD_AGENTS } from "@/lib/guard/types";

/** The hook's exit code when the warm daemon answered (its answer written), else undefined. */
export async function answerFromWarmGuard(args: string[]): Promise<number | undefined> {
  if (args.length !== 2 || args[0] !== "--agent" || !(GUARD_AGENTS as readonly string[]).includes(args[1])) return undefined;
  const socket = guardDaemonSocket(process.env);
  if (!socket) return undefined;
  const stdin = await readHookStdin();
  const answer = await askGuardDaemon(socket, { agent: args[1], stdin, env: process.env, cwd: process.cwd() });
  if (!answer) return undefined;
  if (answer.stdout) process.stdout.write(answer.stdout);
  if (answer.stderr) process.stderr.write(answer.stderr.endsWith("\n") ? answer.stderr : `${answer.stderr}\n`);
  return answer.exitCode;
}
