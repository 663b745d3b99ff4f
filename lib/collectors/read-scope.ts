/**
 * What a sweep the server runs may read (F9). A source names folders and files, but the files it finds
 * name more: a committed `.cursor/mcp.json` can expose any folder to an MCP server, and the workspace
 * collector follows what agents can read. On the server, that must not reach the server's own data
 * folder (its secrets and database), /proc, /sys or /dev, whatever a config says; and an operator may
 * confine sweeps to the folders in BLASTMAP_ALLOWED_ROOTS. Paths are compared by their real location, so
 * a symlink into a refused folder is refused too. The CLI, run by a user on their own machine, has no
 * scope: it reads what that user can.
 */
import fs from "node:fs";
import path from "node:path";

export interface ReadScope {
  /** Whether the file or folder at `target` may be read. */
  allows(target: string): boolean;
  /** For messages: where reading is allowed. */
  describe(): string;
}

/** Never read by a server sweep, whatever the allow-list says. */
const SYSTEM_DENIED = ["/proc", "/sys", "/dev"];

export function createReadScope(options: { allowedRoots?: string[]; deniedRoots: string[] }): ReadScope {
  const allowed = options.allowedRoots?.map(realLocation);
  const denied = [...SYSTEM_DENIED, ...options.deniedRoots].map(realLocation);
  return {
    allows(target) {
      const real = realLocation(target);
      if (denied.some((root) => isWithin(real, root))) return false;
      return !allowed || allowed.some((root) => isWithin(real, root));
    },
    describe() {
      return allowed ? `inside ${allowed.join(", ")} (BLASTMAP_ALLOWED_ROOTS)` : "outside the server's own data folder, /proc, /sys and /dev";
    },
  };
}

/** The real path of `target`, or of its nearest existing parent with the rest appended. */
function realLocation(target: string): string {
  const absolute = path.resolve(target);
  let existing = absolute;
  const rest: string[] = [];
  for (;;) {
    try {
      return path.join(fs.realpathSync.native(existing), ...rest);
    } catch {
      const parent = path.dirname(existing);
      if (parent === existing) return absolute;
      rest.unshift(path.basename(existing));
      existing = parent;
    }
  }
}

function isWithin(target: string, root: string): boolean {
  return target === root || target.startsWith(root.endsWith(path.sep) ? root : root + path.sep);
}
