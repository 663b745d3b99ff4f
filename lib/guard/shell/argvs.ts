/**
 * The simple commands of a shell text as argv arrays, words unquoted, variables and substitutions left as
 * written (`$TOKEN`), nothing evaluated or run: what the workspace collector reads hook commands, credential
 * helpers and permission rules with, and what tells the guard's own hook command apart. A literal command
 * is read without tree-sitter (literal-words.ts); anything else goes through tree-sitter-bash, after
 * `await loadBashParser()`.
 */
import { parseBashLoaded, type SyntaxNode } from "@/lib/guard/shell/parse-bash";
import { literalCommand } from "@/lib/guard/shell/literal-words";

const MAX_COMMANDS = 200;

/** A word's text as the command receives it, where quoting alone decides it; expansions stay as written. */
function wordText(node: SyntaxNode): string {
  switch (node.type) {
    case "word":
    case "number":
      return node.text.replace(/\\(.)/gs, "$1");
    case "command_name":
      return node.namedChildren[0] ? wordText(node.namedChildren[0]) : node.text;
    case "raw_string":
      return node.text.slice(1, -1);
    case "ansi_c_string":
      return node.text.slice(2, -1);
    case "string":
      return node.text.slice(1, -1).replace(/\\([$`"\\\n])/g, "$1");
    case "concatenation":
      return node.namedChildren.map((child) => (child ? wordText(child) : "")).join("");
    case "variable_assignment": {
      const value = node.childForFieldName("value");
      return `${node.childForFieldName("name")?.text ?? ""}=${value ? wordText(value) : ""}`;
    }
    default:
      return node.text;
  }
}

function collectCommands(node: SyntaxNode, out: string[][], substitutions: boolean): void {
  if (out.length >= MAX_COMMANDS) return;
  if (node.type === "command") {
    const argv: string[] = [];
    for (const child of node.namedChildren) {
      if (!child || child.type.endsWith("_redirect")) continue;
      argv.push(wordText(child));
    }
    if (argv.length > 0) out.push(argv);
  }
  // Commands inside compound statements run too, and so do those in substitutions (`$(…)`), whose output
  // becomes words of another command.
  for (const child of node.namedChildren) {
    if (!child || (!substitutions && (child.type === "command_substitution" || child.type === "process_substitution"))) continue;
    collectCommands(child, out, substitutions);
  }
}

/**
 * argv of each simple command, in source order. `recover`: a text that does not fully parse still yields the
 * commands tree-sitter recovered (for finding secrets); without it, such a text yields undefined (for
 * decisions). `substitutions: false` leaves out commands inside `$(…)`, `` `…` `` and `<(…)`.
 */
export function shellArgvs(source: string, options: { recover?: boolean; substitutions?: boolean } = {}): string[][] | undefined {
  const literal = literalCommand(source);
  // A line of assignments only (`A=1 B=2`) is no command, as in the tree.
  if (literal) return literal.words.length === 0 ? [] : [[...literal.assignments.map((a) => `${a.name}=${a.value}`), ...literal.words.map((w) => w.value)]];
  return treeArgvs(source, options);
}

/** shellArgvs through tree-sitter-bash always (the reference the literal reading is tested against). */
export function treeArgvs(source: string, options: { recover?: boolean; substitutions?: boolean } = {}): string[][] | undefined {
  const parsed = parseBashLoaded(source, options);
  if (!parsed.ok) return undefined;
  try {
    const out: string[][] = [];
    collectCommands(parsed.root, out, options.substitutions ?? true);
    return out;
  } finally {
    parsed.root.tree.delete();
  }
}
