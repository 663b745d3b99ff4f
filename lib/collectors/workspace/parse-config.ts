/**
 * Parses agent config files with the parser each format needs, and turns every syntax error into a
 * warning that names the file and line. A malformed file never stops the collection: JSONC and YAML
 * give back what they could read, TOML gives back nothing for that file.
 */
import { parse as parseJsonc, parseTree, printParseErrorCode, type Node as JsonNode, type ParseError } from "jsonc-parser";
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

/**
 * Objects a malformed file left unfinished (cut off, or holding the first syntax error): a reader of server
 * lists skips them, so a truncated file yields no phantom server built from half an entry.
 */
const INCOMPLETE = new WeakSet<object>();

export function isIncomplete(value: unknown): boolean {
  return typeof value === "object" && value !== null && INCOMPLETE.has(value);
}

/** 1-based column of a character offset. */
function columnAtOffset(text: string, offset: number): number {
  return offset - text.lastIndexOf("\n", offset - 1);
}

/** The tree jsonc-parser recovered, as plain values, with unfinished objects marked. */
function valueOfTree(node: JsonNode | undefined, text: string, firstError: number): unknown {
  if (!node) return undefined;
  switch (node.type) {
    case "object": {
      const out: Record<string, unknown> = {};
      for (const property of node.children ?? []) {
        const [keyNode, valueNode] = property.children ?? [];
        if (typeof keyNode?.value !== "string" || keyNode.value === "__proto__") continue;
        out[keyNode.value] = valueOfTree(valueNode, text, firstError);
      }
      const end = node.offset + node.length;
      const closed = text[end - 1] === "}";
      // The innermost object around the first error, or one the file never closed.
      const holdsError = firstError >= node.offset && firstError < end && !(node.children ?? []).some((property) => {
        const child = property.children?.[1];
        return child && (child.type === "object" || child.type === "array") && firstError >= child.offset && firstError < child.offset + child.length;
      });
      if (!closed || holdsError) INCOMPLETE.add(out);
      return out;
    }
    case "array":
      return (node.children ?? []).map((child) => valueOfTree(child, text, firstError));
    default:
      return node.value;
  }
}

function parseJsoncConfig(text: string, file: string): ParsedConfig {
  const errors: ParseError[] = [];
  // jsonc-parser never throws: it returns what it could read and the errors with their offsets.
  const value = parseJsonc(text, errors, { allowTrailingComma: true, disallowComments: false });
  if (errors.length === 0) return { value, warnings: [] };
  const treeErrors: ParseError[] = [];
  const tree = parseTree(text, treeErrors, { allowTrailingComma: true, disallowComments: false });
  const first = errors[0];
  const line = lineAtOffset(text, first.offset);
  const column = columnAtOffset(text, first.offset);
  // One warning per file: after the first error, the parser's further complaints are echoes of it.
  return {
    value: valueOfTree(tree, text, first.offset),
    warnings: [
      {
        code: "workspace:malformed_config",
        message: `${file}:${line}:${column}: ${printParseErrorCode(first.error)}; read what could be parsed, entries left unfinished skipped`,
        location: { file, line },
      },
    ],
  };
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
  const warnings = doc.errors.slice(0, 1).map((error) => {
    const line = error.linePos?.[0]?.line ?? lineAtOffset(text, error.pos[0]);
    const column = error.linePos?.[0]?.col;
    return {
      code: "workspace:malformed_config",
      message: `${file}:${line}${column ? `:${column}` : ""}: invalid YAML (${error.code}); read what could be parsed`,
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
