/**
 * The guard's hook in Codex's config.toml. No TOML library edits a document in place (smol-toml's
 * stringify drops comments), so install appends one block between marker comments, `[[hooks.PreToolUse]]`
 * tables that add to whatever the file already declares, and uninstall removes exactly that block. Both
 * parse the result with smol-toml before anything is written: a file whose own `hooks` cannot take the
 * block (an inline table, say) is refused with the reason, unchanged.
 */
import { parse } from "smol-toml";
import { AppError } from "@/lib/errors";

const BEGIN = "# >>> blastmap guard: managed by `blastmap guard install`; `blastmap guard uninstall` removes it";
const END = "# <<< blastmap guard";

export function codexHookBlock(command: string): string {
  return [BEGIN, "[[hooks.PreToolUse]]", "[[hooks.PreToolUse.hooks]]", 'type = "command"', `command = ${JSON.stringify(command)}`, "timeout = 30", END].join("\n");
}

function parseOrThrow(text: string, file: string, doing: string): void {
  try {
    parse(text);
  } catch (error) {
    throw new AppError("bad_request:config", `${file}: ${doing} would not be valid TOML (${(error as Error).message.split("\n")[0]}); nothing was changed.`, { cause: error });
  }
}

/** Where our block is: [start, end) offsets, the line break before it included. */
function findBlock(text: string): [number, number] | null {
  const start = text.indexOf(BEGIN);
  if (start < 0) return null;
  const endMarker = text.indexOf(END, start);
  if (endMarker < 0) return null;
  let end = endMarker + END.length;
  if (text[end] === "\n") end++;
  const from = start > 0 && text[start - 1] === "\n" && text[start - 2] === "\n" ? start - 1 : start;
  return [from, end];
}

export function addCodexHook(text: string, command: string, file: string): string {
  parseOrThrow(text, file, "the file as it is");
  const block = codexHookBlock(command);
  const start = text.indexOf(BEGIN);
  const end = start < 0 ? -1 : text.indexOf(END, start);
  // Brought up to date where it is, or appended after a blank line.
  const out =
    end >= 0
      ? text.slice(0, start) + block + text.slice(end + END.length)
      : `${text}${text === "" || text.endsWith("\n\n") ? "" : text.endsWith("\n") ? "\n" : "\n\n"}${block}\n`;
  parseOrThrow(out, file, "adding the guard's [[hooks.PreToolUse]]");
  return out;
}

export function removeCodexHook(text: string, file: string): { text: string | null; removed: number } {
  const at = findBlock(text);
  if (!at) return { text, removed: 0 };
  const out = text.slice(0, at[0]) + text.slice(at[1]);
  parseOrThrow(out, file, "removing the guard's block");
  return { text: out.trim() === "" ? null : out, removed: 1 };
}
