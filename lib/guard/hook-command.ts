/**
 * The command line an agent's config runs for the guard, and how to recognise it again: install writes it,
 * uninstall removes exactly the entries it recognises, and the workspace collector tells the Blastmap
 * guard from a third-party pre-call hook, all with `isBlastmapGuardCommand`.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { shellArgvs } from "@/lib/guard/shell/argvs";
import type { GuardAgent } from "@/lib/guard/types";

/**
 * Where this blastmap's entry point is, absolute, so the command runs from any working directory. Found
 * from this module's own place in the repository (the bundle keeps import.meta.url pointing at the
 * source), not from argv, which is a symlink under `npx blastmap`.
 */
export function blastmapBinPath(): string {
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "bin", "blastmap.mjs");
}

export interface HookCommandOptions {
  /** Absolute path of bin/blastmap.mjs. */
  bin: string;
  /** Absolute path of the node binary (the agent's PATH may not have it). */
  node: string;
}

export function guardHookCommand(agent: GuardAgent, options: HookCommandOptions): string {
  return [options.node, options.bin, "guard", "hook", "--agent", agent].map(shellQuote).join(" ");
}

/** POSIX single quotes when a word needs them; paths with spaces stay one word. */
export function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}

const WRAPPERS = new Set(["env", "exec", "nohup", "command", "time", "nice", "sudo"]);
const NODE_LIKE = /^(?:node|nodejs|bun|deno|tsx)(?:\.exe)?$/;
const PACKAGE_RUNNERS = /^(?:npx|pnpx|bunx)(?:\.cmd)?$/;
const BLASTMAP_BIN = /^blastmap(?:\.m?[jt]s|\.cmd)?$/;

/** A program's file name, for paths written either way (`C:\\…\\blastmap.cmd` in a Windows config). */
function programName(word: string): string {
  return path.posix.basename(word.replaceAll("\\", "/"));
}

/** The arguments after the blastmap program in one argv, or undefined when it does not run blastmap. */
function blastmapArgs(argv: string[]): string[] | undefined {
  let rest = [...argv];
  // FOO=1 blastmap …, env FOO=1 blastmap …, exec blastmap …
  while (rest.length > 0 && (/^[A-Za-z_][A-Za-z0-9_]*=/.test(rest[0]) || WRAPPERS.has(programName(rest[0])))) rest = rest.slice(1);
  if (rest.length === 0) return undefined;
  const program = programName(rest[0]);
  if (BLASTMAP_BIN.test(program)) return rest.slice(1);
  if (NODE_LIKE.test(program)) {
    const script = rest.slice(1).findIndex((arg) => !arg.startsWith("-"));
    if (script < 0) return undefined;
    return BLASTMAP_BIN.test(programName(rest[script + 1])) ? rest.slice(script + 2) : undefined;
  }
  if (PACKAGE_RUNNERS.test(program) || ((program === "npm" || program === "pnpm" || program === "yarn") && /^(?:exec|dlx|x)$/.test(rest[1] ?? ""))) {
    const after = PACKAGE_RUNNERS.test(program) ? rest.slice(1) : rest.slice(2);
    const pkg = after.findIndex((arg) => !arg.startsWith("-"));
    if (pkg < 0) return undefined;
    const remaining = after.slice(pkg + 1);
    return /^blastmap(?:@[^\s/]+)?$/.test(after[pkg]) ? (remaining[0] === "--" ? remaining.slice(1) : remaining) : undefined;
  }
  return undefined;
}

/**
 * Does this hook command run the Blastmap CLI's `guard hook`? Decided on the parsed argv of each simple
 * command (tree-sitter-bash, or a literal command without it), never a substring: `echo blastmap guard hook` and
 * `$BLASTMAP guard hook` do not, nor `echo "$(blastmap guard hook)"`, nor a command that does not parse. The one recogniser: the workspace
 * collector marks a pre-call hook as the guard's with it, install and uninstall find their own entries with
 * it. Literal commands need nothing loaded; others need `await loadBashParser()` first.
 */
export function isBlastmapGuardCommand(command: string): boolean {
  // A command inside `$(…)` runs, but its answer becomes words of another command: it does not enforce.
  return (shellArgvs(command, { substitutions: false }) ?? []).some((argv) => {
    const args = blastmapArgs(argv)?.filter((arg) => arg !== "--");
    return args !== undefined && args[0] === "guard" && args[1] === "hook";
  });
}
