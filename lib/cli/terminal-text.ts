/**
 * Collected text (agent names, commands, paths, titles) as one safe terminal cell. Anyone who can commit a
 * config chooses these strings, so printed raw they could move the cursor, recolour or clear the screen
 * (ESC sequences), reorder what the reader sees (bidi controls such as U+202E), split a table row
 * (newlines), or pad every row of a table to a megabyte. Each such character is shown as a visible escape
 * (`\u202E`, `\n`), and a long text is cut with an ellipsis. Every table and text line the CLI prints
 * from the database goes through here, so no command escapes on its own.
 */

/** Longest text kept in one cell or line: a path or a command stays readable, a megabyte name does not fill the screen. */
export const MAX_TERMINAL_TEXT = 200;

// C0 and C1 controls (ESC, BEL, CR, LF, TAB, NUL…), DEL, bidi controls, and line/paragraph separators.
const UNSAFE = /[\p{Cc}\p{Bidi_Control}\u2028\u2029]/gu;
const NAMED: Record<string, string> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

export function terminalText(text: string, max = MAX_TERMINAL_TEXT): string {
  // Cut before escaping, on code points, so no surrogate pair is split and the escapes stay whole.
  const points = Array.from(text.length > max * 2 + 8 ? text.slice(0, max * 2 + 8) : text);
  const kept = points.length > max ? `${points.slice(0, max - 1).join("")}…` : points.join("");
  return kept.replace(UNSAFE, (c) => NAMED[c] ?? `\\u${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`);
}
