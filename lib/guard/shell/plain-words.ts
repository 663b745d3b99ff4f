/**
 * Plain words: a command made only of words whose characters have no meaning to the shell, separated by
 * spaces or tabs (`ls -la`, `git status`, `/usr/bin/node /opt/bin/blastmap.mjs guard hook --agent cursor`).
 * That is a regular sublanguage of the shell grammar whose parse is unambiguous: one simple command, its
 * words as written. So it is parsed here without loading tree-sitter (compiling its WebAssembly is most of a
 * cold hook's time), and anything outside it goes to tree-sitter.
 *
 * Left out on purpose: quotes, `\`, `$`, backquotes, globs (`* ? [`), `~` (tilde expansion), `{ }` (brace
 * expansion), `# ! ^ & ; | < > ( )`, newlines, a word starting with `%` (a job spec in command position),
 * and every reserved word anywhere (`if`, `time`, `do`…), whose meaning depends on its position.
 */
const PLAIN_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;
const RESERVED = new Set(["if", "then", "else", "elif", "fi", "case", "esac", "for", "select", "while", "until", "do", "done", "function", "time", "coproc", "in"]);

/** The words of a plain-words command, or undefined when the text is anything else (then parse it fully). */
export function plainWords(source: string): string[] | undefined {
  // Only the shell's own blanks: a leading no-break space is part of the command's name to bash.
  const trimmed = source.replace(/^[ \t\n]+|[ \t\n]+$/g, "");
  if (trimmed === "" || trimmed.length > 4096) return undefined;
  const words = trimmed.split(/[ \t]+/);
  for (const word of words) {
    if (!PLAIN_WORD.test(word) || RESERVED.has(word)) return undefined;
  }
  if (words[0].startsWith("%")) return undefined;
  return words;
}
