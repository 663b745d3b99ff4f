/**
 * The collector's only file-system access: read-only `stat`, `readdir` and `readFile`. Config files are
 * parsed here; anything unreadable or malformed becomes a warning and the collection goes on.
 */
import fs from "node:fs/promises";
import type { ReadScope } from "@/lib/collectors/read-scope";
import type { CollectorWarning } from "@/lib/graph/types";
import { parseConfigText, type ConfigFormat } from "./parse-config";

/** Agent configs are small; ~/.claude.json grows with history, so allow it a few megabytes. */
const MAX_CONFIG_BYTES = 8 * 1024 * 1024;

export interface LoadedConfig {
  file: string;
  text: string;
  value: unknown;
}

export interface DirEntry {
  name: string;
  kind: "dir" | "file" | "link" | "other";
}

export interface ConfigLoader {
  /** The parsed file, or undefined when it does not exist (silently) or cannot be read (with a warning). */
  load(file: string, format?: ConfigFormat): Promise<LoadedConfig | undefined>;
  /** Raw text of a file that exists, or undefined. */
  readText(file: string): Promise<string | undefined>;
  /** Names of the entries of a folder, or [] when it does not exist. */
  list(dir: string): Promise<string[]>;
  /** The entries of a folder with their type (symbolic links are reported as links, never followed). */
  entries(dir: string): Promise<DirEntry[]>;
  exists(file: string): Promise<boolean>;
  /** A warning about a file, once however many projects share the file. */
  warnOnce(warning: CollectorWarning): void;
  warnings: CollectorWarning[];
}

/** `scope`: on the server, what may be read; a file outside it is not read (a warning says so). */
export function createConfigLoader(scope?: ReadScope): ConfigLoader {
  const warnings: CollectorWarning[] = [];
  const cache = new Map<string, Promise<LoadedConfig | undefined>>();
  const refused = new Set<string>();
  const outside = (file: string): boolean => {
    if (!scope || scope.allows(file)) return false;
    if (!refused.has(file)) {
      refused.add(file);
      warnings.push({ code: "workspace:outside_scope", message: `${file}: not read: this server reads only ${scope.describe()}`, location: { file } });
    }
    return true;
  };

  async function readText(file: string): Promise<string | undefined> {
    if (outside(file)) return undefined;
    try {
      const stat = await fs.stat(file);
      if (!stat.isFile()) return undefined;
      if (stat.size > MAX_CONFIG_BYTES) {
        warnings.push({
          code: "workspace:config_too_large",
          message: `${file}: ${stat.size} bytes, larger than ${MAX_CONFIG_BYTES}; not read`,
          location: { file },
        });
        return undefined;
      }
      return await fs.readFile(file, "utf8");
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== "ENOENT" && code !== "ENOTDIR") {
        warnings.push({ code: "workspace:unreadable", message: `${file}: cannot read (${code ?? "error"})`, location: { file } });
      }
      return undefined;
    }
  }

  async function loadUncached(file: string, format?: ConfigFormat): Promise<LoadedConfig | undefined> {
    const text = await readText(file);
    if (text === undefined) return undefined;
    const parsed = parseConfigText(text, file, format);
    warnings.push(...parsed.warnings);
    return { file, text, value: parsed.value };
  }

  const warned = new Set<string>();
  return {
    warnings,
    readText,
    warnOnce(warning) {
      const key = `${warning.code}\u0000${warning.location?.file ?? ""}\u0000${warning.message}`;
      if (warned.has(key)) return;
      warned.add(key);
      warnings.push(warning);
    },
    load(file, format) {
      const key = `${format ?? ""}\u0000${file}`;
      let pending = cache.get(key);
      if (!pending) {
        pending = loadUncached(file, format);
        cache.set(key, pending);
      }
      return pending;
    },
    async list(dir) {
      if (scope && !scope.allows(dir)) return [];
      try {
        return (await fs.readdir(dir)).sort();
      } catch {
        return [];
      }
    },
    async entries(dir) {
      if (scope && !scope.allows(dir)) return [];
      try {
        const found = await fs.readdir(dir, { withFileTypes: true });
        return found.map((entry) => ({
          name: entry.name,
          kind: entry.isSymbolicLink() ? "link" : entry.isDirectory() ? "dir" : entry.isFile() ? "file" : "other",
        }));
      } catch {
        return [];
      }
    },
    async exists(file) {
      if (scope && !scope.allows(file)) return false;
      try {
        await fs.stat(file);
        return true;
      } catch {
        return false;
      }
    },
  };
}

/** `KEY=value` lines of a dotenv or shell file, with line numbers. Values stay in memory only. */
export function parseDotenv(text: string): { name: string; value: string; line: number }[] {
  const out: { name: string; value: string; line: number }[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const match = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.]*)\s*=\s*(.*)$/.exec(raw);
    if (!match) return;
    let value = match[2].trim();
    const quote = value[0];
    if ((quote === '"' || quote === "'") && value.indexOf(quote, 1) > 0) value = value.slice(1, value.indexOf(quote, 1));
    else value = value.replace(/\s+#.*$/, "");
    out.push({ name: match[1], value, line: index + 1 });
  });
  return out;
}
