/**
 * The command line an agent's config runs for the guard, and how to recognise it again: install writes it,
 * uninstall removes exactly the entries it recognises, and the workspace collector tells the Blastmap
 * guard from a third-party pre-call hook with `isBlastmapGuardCommand`.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
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

/**
 * A hook command that runs the Blastmap guard: some word is `blastmap` or a path ending in
 * `blastmap`/`blastmap.mjs`, followed by the words `guard hook`. Tokenised on whitespace after removing
 * quotes, which is enough for the commands install writes and for `npx blastmap guard hook …`.
 */
export function isBlastmapGuardCommand(command: string): boolean {
  const words = command.replace(/['"]/g, "").trim().split(/\s+/);
  for (let i = 0; i + 2 < words.length; i++) {
    const base = path.posix.basename(words[i].replaceAll("\\", "/"));
    if ((base === "blastmap" || base === "blastmap.mjs") && words[i + 1] === "guard" && words[i + 2] === "hook") return true;
  }
  return false;
}
