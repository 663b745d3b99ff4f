/**
 * Literal words: one simple command whose words are made only of quoting and characters with no meaning to
 * the shell, so its argv is known without expanding anything:
 *
 *   ls -la · git commit -m "drop the table" · psql -c 'DROP TABLE x' · FOO=1 npm run build
 *   curl -X POST https://backboard.railway.com/graphql/v2 -H "Authorization: Bearer …" -d '{"query":"…"}'
 *
 * That is a regular sublanguage of the shell grammar with one parse, read here by a small lexer without
 * loading tree-sitter (compiling its WebAssembly is most of a cold hook's time). Anything outside it goes to
 * tree-sitter. The lexer must give the argv tree-sitter's walk gives for every command it accepts
 * (literal-words.test.ts checks that on generated commands rich in shell metacharacters).
 *
 * A command is words separated by spaces or tabs. A word is a concatenation of segments:
 * - unquoted characters from SAFE: letters, digits, `_ @ % + = : , . / -`;
 * - single-quoted text: anything but `'`;
 * - double-quoted text without `$`, backquote, `\`, `"` or `!` (the characters bash still reads there).
 * Leading `NAME=value` words are assignments. Everything else goes to tree-sitter: characters outside SAFE
 * unquoted (operators, redirections, globs, `~`, braces, `#`, `\`, a newline), control characters in
 * quotes, an unterminated quote, a reserved word (`if`, `time`, `do`…, whose meaning depends on position),
 * and command words that are not plain names (see isPlainCommandWord). Where tree-sitter-bash reads a
 * literal command otherwise than bash (`x == b`, `a@`, `_=1`), the command goes to tree-sitter too, so
 * the guard reads it the same way either way; literal-words.test.ts found those.
 */
export interface LiteralWord {
  /** The word as the command receives it, quotes removed. */
  value: string;
  /** The word as written. */
  text: string;
}

export interface LiteralCommand {
  /** Leading `NAME=value` words: variables set for this command (for the shell when no word follows). */
  assignments: { name: string; value: string; text: string }[];
  /** The command and its arguments; empty for a line of assignments only. */
  words: LiteralWord[];
}

const MAX_LENGTH = 4096;
const SAFE = /[A-Za-z0-9_@%+=:,./-]/;
/** Characters no quoted segment may hold: C0 controls other than tab and newline, and DEL. */
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f]/;
const IN_DOUBLE_QUOTES_SPECIAL = /[$`\\!]/;
const RESERVED = new Set(["if", "then", "else", "elif", "fi", "case", "esac", "for", "select", "while", "until", "do", "done", "function", "time", "coproc", "in"]);
/** Command words tree-sitter-bash parses as declarations, whose walk sets variables. */
const DECLARATIONS = new Set(["declare", "typeset", "export", "readonly", "local", "unset", "unsetenv"]);
const ASSIGNMENT = /^([A-Za-z_][A-Za-z0-9_]*)=/;
/** The unquoted start of a word, a name tree-sitter-bash may take for a keyword (`export'a'` is `export 'a'`). */
const LEADING_NAME = /^[A-Za-z0-9_]*/;

/**
 * A command word bash and tree-sitter-bash read alike: its unquoted characters are letters, digits and
 * `_ . / -` only (tree-sitter misreads a name followed by `@ % : +`: `a@`, `g++` and `A=1 http://x` are
 * parse errors to it; `=` makes `FOO+=1` and `'A'=1` assignments to one of them only; `%1` is a job
 * spec); it does not start with `-` (`- FOO= x` is the command `x` to tree-sitter); and it is no
 * declaration (`export`, `local`, `unset`, even quoted or as the start of a word), whose walk sets variables.
 */
function isPlainCommandWord(word: { value: string; unquoted: string }, text: string): boolean {
  const name = LEADING_NAME.exec(text)?.[0] ?? "";
  return /^[A-Za-z0-9_./-]*$/.test(word.unquoted) && !text.startsWith("-") && !DECLARATIONS.has(word.value) && !DECLARATIONS.has(name) && !RESERVED.has(name);
}

/** Reads one word from `at`: its end, value and unquoted characters, or undefined when it is not literal. */
function readWord(source: string, at: number): { end: number; value: string; unquoted: string } | undefined {
  let value = "";
  let unquoted = "";
  let i = at;
  while (i < source.length) {
    const ch = source[i];
    if (ch === " " || ch === "\t") break;
    if (ch === "'" || ch === '"') {
      const close = source.indexOf(ch, i + 1);
      if (close === -1) return undefined;
      const quoted = source.slice(i + 1, close);
      if (CONTROL.test(quoted) || (ch === '"' && IN_DOUBLE_QUOTES_SPECIAL.test(quoted))) return undefined;
      value += quoted;
      i = close + 1;
      continue;
    }
    if (!SAFE.test(ch)) return undefined;
    value += ch;
    unquoted += ch;
    i++;
  }
  return { end: i, value, unquoted };
}

/** The command's words, or undefined when the text is anything but one literal simple command. */
export function literalCommand(source: string): LiteralCommand | undefined {
  // Only the shell's own blanks: a leading no-break space is part of the command's name to bash.
  const trimmed = source.replace(/^[ \t\n]+|[ \t\n]+$/g, "");
  if (trimmed === "" || trimmed.length > MAX_LENGTH) return undefined;
  const command: LiteralCommand = { assignments: [], words: [] };
  let i = 0;
  while (i < trimmed.length) {
    if (trimmed[i] === " " || trimmed[i] === "\t") {
      i++;
      continue;
    }
    const word = readWord(trimmed, i);
    if (!word) return undefined;
    const text = trimmed.slice(i, word.end);
    i = word.end;
    // tree-sitter-bash reads a word starting `==` as the operator of a test (`x == b`, `x ==''` lose it).
    if (RESERVED.has(text) || text.startsWith("==")) return undefined;
    if (command.words.length > 0) {
      command.words.push({ value: word.value, text });
      continue;
    }
    const assignment = ASSIGNMENT.exec(text);
    // `_=1` is a command named `_=1` to tree-sitter-bash, an assignment to bash.
    if (assignment?.[1] === "_") return undefined;
    if (assignment) {
      command.assignments.push({ name: assignment[1], value: word.value.slice(assignment[0].length), text });
      continue;
    }
    if (!isPlainCommandWord(word, text)) return undefined;
    command.words.push({ value: word.value, text });
  }
  return command;
}
