/**
 * The files an agent could read under the roots. `.gitignore` hides nothing (agents read ignored files);
 * only vendored trees are skipped. Read-only, regular files only (a FIFO would block a read forever).
 * Symlinks are never followed: one pointing outside the roots is reported (an agent following it reads
 * what is there), one pointing inside is already walked at its real place. Directories are tracked by
 * device + inode, so bind mounts and loops are walked once.
 */
import { promises as fs } from "node:fs";
import path from "node:path";
import type { CollectorWarning } from "@/lib/graph/types";

export interface WalkOptions {
  skipDirs: ReadonlySet<string>;
  signal?: AbortSignal;
  /** Called with batches of files as they are found, so scanning starts before the walk ends. */
  onFiles: (files: string[]) => void;
}

const BATCH = 64;

function isInside(target: string, roots: readonly string[]): boolean {
  return roots.some((root) => target === root || target.startsWith(root.endsWith(path.sep) ? root : root + path.sep));
}

export async function walkRoots(roots: readonly string[], options: WalkOptions): Promise<CollectorWarning[]> {
  const warnings: CollectorWarning[] = [];
  const realRoots: string[] = [];
  for (const root of roots) {
    try {
      realRoots.push(await fs.realpath(root));
    } catch (error) {
      warnings.push({ code: "root_unreadable", message: `cannot open root (${(error as NodeJS.ErrnoException).code ?? "error"})`, location: { file: root } });
    }
  }
  const visited = new Set<string>();
  let pending: string[] = [];
  const emit = (file: string) => {
    pending.push(file);
    if (pending.length >= BATCH) {
      options.onFiles(pending);
      pending = [];
    }
  };
  const stack = [...realRoots];
  while (stack.length > 0) {
    if (options.signal?.aborted) break;
    const dir = stack.pop() as string;
    let entries;
    try {
      const stat = await fs.stat(dir);
      const id = `${stat.dev}:${stat.ino}`;
      if (visited.has(id)) continue;
      visited.add(id);
      if (!stat.isDirectory()) {
        if (stat.isFile()) emit(dir);
        continue;
      }
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch (error) {
      warnings.push({ code: "dir_unreadable", message: `cannot list directory (${(error as NodeJS.ErrnoException).code ?? "error"})`, location: { file: dir } });
      continue;
    }
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!options.skipDirs.has(entry.name)) stack.push(full);
      } else if (entry.isFile()) {
        emit(full);
      } else if (entry.isSymbolicLink()) {
        const target = await fs.realpath(full).catch(() => undefined);
        if (target === undefined) {
          warnings.push({ code: "symlink_broken", message: "symlink target does not exist", location: { file: full } });
        } else if (!isInside(target, realRoots)) {
          warnings.push({ code: "symlink_outside_roots", message: `symlink points outside the scanned roots (to ${target}); not followed`, location: { file: full } });
        }
      }
    }
  }
  if (pending.length > 0) options.onFiles(pending);
  return warnings;
}
