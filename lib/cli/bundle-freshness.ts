/**
 * Is a build of the bundled CLI still the current one for the sources? The same check bin/blastmap.mjs
 * makes before it runs a command (plain JavaScript there, since it runs before anything is bundled): the
 * manifest in node_modules/.cache/blastmap-cli names this build, and every source it lists has the size
 * and mtime it had when built. The warm guard daemon asks it at every call (~190 stats, ~1 ms).
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root, from this module's own place (the bundle keeps import.meta.url at the source). */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

export function isBuildCurrent(build: string, root = ROOT): boolean {
  try {
    const manifest = JSON.parse(fs.readFileSync(path.join(root, "node_modules", ".cache", "blastmap-cli", "manifest.json"), "utf8")) as {
      key?: unknown;
      inputs?: unknown;
    };
    if (manifest.key !== build || !Array.isArray(manifest.inputs)) return false;
    const prefix = `${root}${path.sep}`;
    return manifest.inputs.every((input) => {
      const [file, size, mtimeMs] = input as [string, number, number];
      const stat = fs.statSync(prefix + file, { throwIfNoEntry: false });
      return stat !== undefined && stat.size === size && stat.mtimeMs === mtimeMs;
    });
  } catch {
    return false;
  }
}
