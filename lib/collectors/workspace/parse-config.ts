/**
 * Parses agent config files with the parser each format needs, and turns every syntax error into a
 * warning that names the file and line. A malformed file never stops the collection: JSONC and YAML
 * give back what they could read, TOML gives back nothing for that file.
 */
import { parse as parseJsonc, printParseErrorCode, type ParseError } from "jsonc-parser";
import { parse as parseToml, TomlError } from "smol-toml";
import { parseDocument } from "yaml";
import type { CollectorWarning } from "@/lib/graph/types";

export type ConfigFormat = "jsonc" | "toml" | "yaml";

export interface ParsedConfig {
  value: unknown;
  warnings: CollectorWarning[];
}

/** 1-based line of a character offset. */
export function lineAtOffset(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

export function formatOfFile(file: string): ConfigFormat {
  if (/\.toml$/i.test(file)) return "toml";
  if (/\.ya?ml$/i.test(file)) return "yaml";
  return "jsonc";
}

export function parseConfigText(text: string, file: string, format: ConfigFormat = formatOfFile(file)): ParsedConfig {
  switch (format) {
    case "jsonc":
      return parseJsoncConfig(text, file);
    case "toml":
      return parseTomlConfig(text, file);
    case "yaml":
      return parseYamlConfig(text, file);
    default: {
      const exhaustive: never = format;
      throw new Error(`unknown config format ${String(exhaustive)}`);
    }
  }
}

function parseJsoncConfig(text: string, file: string): ParsedConfig {
  const errors: ParseError[] = [];
  // jsonc-parser never throws: it returns the tree it could build and the errors with their offsets.
  const value = parseJsonc(text, errors, { allowTrailingComma: true, disallowComments: false });
  const warnings = errors.map((error) => {
    const line = lineAtOffset(text, error.offset);
    return {
      code: "workspace:malformed_config",
      message: `${file}:${line}: ${printParseErrorCode(error.error)}; read what could be parsed`,
      location: { file, line },
    };
  });
  return { value, warnings };
}

function parseTomlConfig(text: string, file: string): ParsedConfig {
  try {
    // Integers above 2^53 would lose precision (or throw) without bigint; keys such as __proto__ are dropped.
    return { value: parseToml(text, { integersAsBigInt: "asNeeded", unsafeKeyBehaviour: "drop" }), warnings: [] };
  } catch (error) {
    const line = error instanceof TomlError ? error.line : undefined;
    const column = error instanceof TomlError ? error.column : undefined;
    const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
    return {
      value: undefined,
      warnings: [
        {
          code: "workspace:malformed_config",
          message: `${file}${line ? `:${line}:${column}` : ""}: invalid TOML (${reason}); file skipped`,
          location: { file, line },
        },
      ],
    };
  }
}

function parseYamlConfig(text: string, file: string): ParsedConfig {
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: false });
  const warnings = doc.errors.map((error) => {
    const line = error.linePos?.[0]?.line ?? lineAtOffset(text, error.pos[0]);
    return {
      code: "workspace:malformed_config",
      message: `${file}:${line}: invalid YAML (${error.code}); read what could be parsed`,
      location: { file, line },
    };
  });
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch {
    value = undefined;
  }
  return { value, warnings };
}
