/**
 * I/O for the aws-iam collector: read the export (and optional access-key listings) from disk and parse
 * JSON with errors that say where the text broke (line, column), not just "Unexpected token".
 */
import { readFile } from "node:fs/promises";
import { AppError } from "@/lib/errors";

/** Line and column (1-based) of a character offset. */
export function positionToLineColumn(text: string, position: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < position && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: position - lineStart + 1 };
}

/** Parse JSON text; a syntax error becomes an AppError naming the file, line and column. */
export function parseJsonText(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (cause) {
    const message = cause instanceof Error ? cause.message : String(cause);
    const match = /position (\d+)/.exec(message);
    // A truncated file ends mid-value: Node reports "Unexpected end of JSON input" without a position.
    const position = match ? Number(match[1]) : text.length;
    const { line, column } = positionToLineColumn(text, position);
    const truncated = !match || /end of JSON input/i.test(message) || position >= text.trimEnd().length;
    throw new AppError(
      "bad_request:input",
      // Never the parser's own words: they quote the text, which may be any file's first bytes (F15).
      `${file}:${line}:${column}: ${truncated ? "the JSON ends early (truncated export?)" : "invalid JSON"}`,
      { cause },
    );
  }
}

export async function readJsonFile(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (cause) {
    throw new AppError("bad_request:input", `${file}: cannot read the file (${(cause as NodeJS.ErrnoException).code ?? "error"})`, { cause });
  }
  return parseJsonText(text, file);
}
