#!/usr/bin/env node
// The `blastmap` command. Runs the CLI bundled ahead of time (scripts/build-cli.mjs, built by `npm ci`):
// tsx compiling TypeScript at every start costs ~1–2 s, and the guard's hook runs before every tool call.
// The bundle's manifest lists every source it was built from with its size and mtime; when one changed
// (a developer edited a file, a checkout moved), it is rebuilt first, so a stale bundle never runs. Should
// building fail (no esbuild, a read-only folder), the sources run through tsx as before.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const cacheDir = path.join(root, "node_modules", ".cache", "blastmap-cli");

function freshBundle() {
  let manifest;
  try {
    manifest = JSON.parse(fs.readFileSync(path.join(cacheDir, "manifest.json"), "utf8"));
  } catch {
    return undefined;
  }
  // ~190 sources: one stat each, no exceptions, no path.join (about a millisecond on a quiet machine).
  const prefix = `${root}${path.sep}`;
  for (const [file, size, mtimeMs] of manifest.inputs) {
    const stat = fs.statSync(prefix + file, { throwIfNoEntry: false });
    if (!stat || stat.size !== size || stat.mtimeMs !== mtimeMs) return undefined;
  }
  const entry = path.join(cacheDir, manifest.entry);
  return fs.existsSync(entry) ? entry : undefined;
}

async function rebuiltBundle() {
  try {
    const { buildCli } = await import(pathToFileURL(path.join(root, "scripts", "build-cli.mjs")).href);
    return await buildCli({ quiet: true });
  } catch {
    return undefined;
  }
}

async function loadMain() {
  const entry = process.env.BLASTMAP_CLI_TSX === "1" ? undefined : (freshBundle() ?? (await rebuiltBundle()));
  if (entry) {
    // Which build runs: the guard's warm daemon is one per build (lib/guard/daemon).
    process.env.BLASTMAP_CLI_BUILD = path.basename(path.dirname(entry));
    return import(pathToFileURL(entry).href);
  }
  delete process.env.BLASTMAP_CLI_BUILD;
  const { register } = await import("tsx/esm/api");
  register({ tsconfig: path.join(root, "tsconfig.json") });
  return import(pathToFileURL(path.join(root, "lib", "cli", "main.ts")).href);
}

/**
 * `guard hook` runs before every tool call an agent makes: first ask the warm guard daemon of the last
 * build, without checking the sources (the daemon checks them, and a stale one does not answer). Any
 * fault, or no answer, and the command takes the usual way below.
 */
async function answerFromWarmGuard(args) {
  if (args[0] !== "guard" || args[1] !== "hook" || process.env.BLASTMAP_CLI_TSX === "1") return undefined;
  try {
    const manifest = JSON.parse(fs.readFileSync(path.join(cacheDir, "manifest.json"), "utf8"));
    if (typeof manifest.warmGuardHook !== "string") return undefined;
    process.env.BLASTMAP_CLI_BUILD = manifest.key;
    const warm = await import(pathToFileURL(path.join(cacheDir, manifest.warmGuardHook)).href);
    return await warm.answerFromWarmGuard(args.slice(2));
  } catch {
    return undefined;
  }
}

const argv = process.argv.slice(2);
const answered = await answerFromWarmGuard(argv);
if (answered !== undefined) {
  process.exitCode = answered;
} else {
  const { main } = await loadMain();
  process.exitCode = await main(argv);
}
