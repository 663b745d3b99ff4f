/**
 * Real public data lives in shared/fixtures beside the repository (never copied into it): this resolves a
 * file there from wherever the repository was cloned, as CI clones it into another folder.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

export function sharedFixturePath(...parts: string[]): string {
  return path.join(REPO_ROOT, "..", "shared", "fixtures", ...parts);
}
