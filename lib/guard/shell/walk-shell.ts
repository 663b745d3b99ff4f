/**
 * Walks a parsed shell command the way the shell would run it, and lists every simple command that would
 * execute, with its words evaluated as far as they can be known: variables from the agent's environment
 * and from assignments before them (`export T=…`, `source .env`), `$(cat f)` read from the file, heredocs
 * and pipes as the command's stdin. Wrappers (`env`, `sudo`, `timeout`, `nohup`, `nice`, `xargs`…),
 * package runners (`npx`, `pnpm dlx`, `bunx`), secret runners (`railway run`, `doppler run`, `op run`…) and
 * git's dashed helpers (`git-push`) are peeled off; `bash -c '…'`, `sh -c`, `eval`, `source f`, `bash
 * script.sh` and the substitutions in an unquoted heredoc body are parsed again and walked in place. Output
 * redirects are recorded as writes. What cannot be seen (`… | base64 -d | sh`, `eval "$(…)"`, `curl … |
 * bash`, a command name split by `$IFS`) is reported as unknown code, never guessed.
 */
import fs from "node:fs";
import path from "node:path";
import { parseBash, type SyntaxNode } from "@/lib/guard/shell/parse-bash";
import { literalCommand, type LiteralCommand } from "@/lib/guard/shell/literal-words";
import type { CredentialSource } from "@/lib/guard/types";

/** A variable's value and where it came from. */
export interface VarValue {
  value: string | undefined;
  source: CredentialSource;
}

/** A shell word after expansion. `value` is undefined when any part of it cannot be known. */
export interface Word {
  value: string | undefined;
  /** The word as written (bounded), for reasons. */
  text: string;
  /** Variables it expands, with their values: the credentials a command uses arrive this way. */
  refs: (VarValue & { name: string })[];
}

export type Stdin =
  | { kind: "none" }
  | { kind: "text"; text: string; how: "heredoc" | "herestring" | "pipe" | "file"; file?: string }
  | { kind: "unknown"; from: string };

export interface ShellCommand {
  name: string;
  args: Word[];
  /** `FOO=1 cmd`, `env FOO=1 cmd`: variables set for this command only. */
  env: Map<string, VarValue>;
  stdin: Stdin;
  /** Arguments are appended from stdin (`xargs cmd`). */
  argsFromStdin: boolean;
  /** The shell variables in effect when it runs (agent environment + assignments before it). */
  vars: Map<string, VarValue>;
  cwd: string;
}

export interface FileRead {
  file: string;
  text: string;
  how: string;
}

export interface ShellWalk {
  commands: ShellCommand[];
  /** Files written by output redirects (`> f`, `>> f`, `&> f`), where they can be known. */
  writes: { file: string; how: string; cwd: string }[];
  unknown: { why: string }[];
  filesRead: FileRead[];
  faults: string[];
  parseFailed?: string;
}

const MAX_DEPTH = 6;
const MAX_FILE_BYTES = 1024 * 1024;
const TEXT_LIMIT = 200;

const SHELLS = new Set(["sh", "bash", "zsh", "dash", "ksh", "ash", "fish"]);
const INTERPRETERS: Record<string, string[]> = {
  python: ["-c"],
  python3: ["-c"],
  python2: ["-c"],
  node: ["-e", "--eval", "-p", "--print"],
  nodejs: ["-e", "--eval", "-p", "--print"],
  deno: ["eval"],
  bun: ["-e", "--eval"],
  ruby: ["-e"],
  perl: ["-e", "-E"],
  php: ["-r"],
};
/**
 * Code that can talk to the network, start other programs or delete files: an interpreter running it is
 * unknown code (`shutil.rmtree` is `rm -rf` by another name).
 */
const REACHES_OUT = /\b(?:requests|urllib|http|https|socket|fetch|axios|subprocess|child_process|os\.system|popen|exec|spawn|net|curl|boto3|psycopg|pg|mysql|graphql|XMLHttpRequest|WebSocket|open-uri|Net::HTTP|LWP|system|shutil|rmtree|os\.remove|os\.unlink|unlink|rmdir|rmSync|unlinkSync|rmdirSync|fs\.rm|FileUtils|File\.delete)\b/;

/** Options of wrappers that take a value, so the wrapped command is found after them. */
const WRAPPERS: Record<string, { valued: string[]; positional?: number }> = {
  sudo: { valued: ["-u", "-g", "-h", "-p", "-C", "-D", "-R", "-T", "-U", "--user", "--group", "--host", "--prompt", "--chdir"] },
  doas: { valued: ["-u", "-C"] },
  env: { valued: ["-u", "--unset", "-C", "--chdir", "-S", "--split-string"] },
  timeout: { valued: ["-s", "--signal", "-k", "--kill-after"], positional: 1 },
  nohup: { valued: [] },
  nice: { valued: ["-n", "--adjustment"] },
  ionice: { valued: ["-c", "-n", "-p", "--class", "--classdata"] },
  time: { valued: ["-f", "--format", "-o", "--output"] },
  command: { valued: [] },
  exec: { valued: ["-a"] },
  builtin: { valued: [] },
  stdbuf: { valued: ["-i", "-o", "-e", "--input", "--output", "--error"] },
  xargs: { valued: ["-I", "-L", "-n", "-P", "-s", "-d", "-E", "-a", "--max-args", "--max-procs", "--delimiter", "--arg-file", "--replace", "--max-lines"] },
  watch: { valued: ["-n", "--interval", "-d"] },
  caffeinate: { valued: ["-t", "-w"] },
  unbuffer: { valued: [] },
  chronic: { valued: [] },
  flock: { valued: ["-w", "-E", "--timeout"], positional: 1 },
  setsid: { valued: [] },
};

/** `npx [-y] prisma …`, `pnpm dlx`, `yarn dlx`, `bunx`: the package's command runs. */
const PACKAGE_RUNNERS: Record<string, { sub?: string; valued: string[] }> = {
  npx: { valued: ["-p", "--package", "--cache", "--registry"] },
  pnpx: { valued: ["-p", "--package"] },
  bunx: { valued: ["-p", "--package"] },
  pnpm: { sub: "dlx", valued: ["-p", "--package"] },
  yarn: { sub: "dlx", valued: ["-p", "--package"] },
  npm: { sub: "exec", valued: ["-p", "--package", "-w", "--workspace"] },
};

/**
 * Runners that start a command with secrets injected: `railway run`, `doppler run`, `op run`, `infisical
 * run`, `dotenv`, `env-cmd`. The command after them is what runs (with credentials the guard cannot see).
 */
const SECRET_RUNNERS: Record<string, { sub?: string; valued: string[] }> = {
  railway: { sub: "run", valued: ["-s", "--service", "-e", "--environment", "-p", "--project"] },
  doppler: { sub: "run", valued: ["-p", "--project", "-c", "--config", "--token", "--fallback", "--mount"] },
  op: { sub: "run", valued: ["--env-file", "--account"] },
  infisical: { sub: "run", valued: ["--env", "--path", "--projectId", "--token"] },
  dotenv: { valued: ["-e", "-v", "-c"] },
  "dotenv-cli": { valued: ["-e", "-v", "-c"] },
  "env-cmd": { valued: ["-f", "--file", "-e", "--environments", "-r", "--rc-file"] },
};

/**
 * The words of the command a package or secret runner starts, or undefined when `words` is not one.
 * `npx -y prisma@5 migrate reset` → `prisma migrate reset`; `git-push …` (git's dashed helpers) → `git push …`.
 */
function runnerCommand(name: string, words: Word[]): Word[] | undefined {
  const dashedGit = /^git-([a-z-]+)$/.exec(name);
  if (dashedGit) return [staticWord("git"), staticWord(dashedGit[1]), ...words.slice(1)];
  const runner = PACKAGE_RUNNERS[name] ?? SECRET_RUNNERS[name];
  if (!runner) return undefined;
  let i = 1;
  if (runner.sub) {
    if (words[1]?.value !== runner.sub) return undefined;
    i = 2;
  }
  const dashes = words.findIndex((w, at) => at >= i && w.value === "--");
  if (dashes !== -1 && SECRET_RUNNERS[name]) i = dashes + 1;
  else {
    while (i < words.length && words[i].value?.startsWith("-")) i += runner.valued.includes(words[i].value as string) ? 2 : 1;
    if (words[i]?.value === "--") i++;
  }
  const rest = words.slice(i);
  if (rest.length === 0) return undefined;
  if (PACKAGE_RUNNERS[name] && rest[0].value !== undefined) {
    // `@scope/pkg@1.2` → `pkg`: the binary a package installs is, for the tools the guard reads, its name.
    const bare = rest[0].value.replace(/^(@[^/]+\/)?([^@]+)(@.*)?$/, "$2");
    return [staticWord(bare), ...rest.slice(1)];
  }
  return rest;
}

function bounded(text: string): string {
  return text.length > TEXT_LIMIT ? `${text.slice(0, TEXT_LIMIT)}…` : text;
}

function staticWord(value: string): Word {
  return { value, text: bounded(value), refs: [] };
}

interface Context {
  vars: Map<string, VarValue>;
  cwd: string;
  home: string;
  depth: number;
  out: ShellWalk;
  /**
   * Files this command line writes before it reads them (`printf … > q.json; curl -d @- < q.json`, a script
   * written then run): their text when the writer's output is known, else undefined. Read instead of disk.
   */
  written: Map<string, string | undefined>;
}

/** Walks a command line. `env` is the agent's environment (the hook's, passed in). */
export async function walkShell(source: string, env: Record<string, string | undefined>, cwd: string): Promise<ShellWalk> {
  const out: ShellWalk = { commands: [], writes: [], unknown: [], filesRead: [], faults: [] };
  const vars = new Map<string, VarValue>();
  for (const [name, value] of Object.entries(env)) {
    if (value !== undefined) vars.set(name, { value, source: { how: `$${name} in the agent's environment` } });
  }
  const ctx: Context = { vars, cwd, home: env.HOME ?? "", depth: 0, out, written: new Map() };
  const error = await walkCode(source, ctx, { kind: "none" });
  if (error) out.parseFailed = error;
  return out;
}

/**
 * Walks shell code in `ctx`; the parse error when it does not parse (then nothing was walked). Most calls
 * are one literal command (`ls -la`, `git commit -m "…"`, the incident's curl): read without loading
 * tree-sitter, whose WebAssembly compile is most of a cold hook's time, with the same walk as the tree's
 * (literal-words.test.ts). Anything else is parsed, walked, and its tree freed: a tree lives in the
 * parser's WebAssembly memory, which the warm daemon keeps for hours and which never shrinks.
 */
async function walkCode(code: string, ctx: Context, stdin: Stdin): Promise<string | undefined> {
  const literal = literalCommand(code);
  if (literal) {
    await walkLiteralCommand(literal, ctx, stdin);
    return undefined;
  }
  const parsed = await parseBash(code);
  if (!parsed.ok) return parsed.error;
  try {
    await walkStatements(parsed.root, ctx, stdin);
  } finally {
    parsed.root.tree.delete();
  }
  return undefined;
}

/** One literal simple command: its leading `NAME=value` words are its assignments, as in runCommand. */
async function walkLiteralCommand(command: LiteralCommand, ctx: Context, stdin: Stdin): Promise<void> {
  const env = new Map<string, VarValue>();
  for (const { name, value } of command.assignments) env.set(name, { value, source: { how: `$${name} set in the command` } });
  if (command.words.length === 0) {
    for (const [k, v] of env) ctx.vars.set(k, v);
    return;
  }
  const words = command.words.map((word): Word => ({ value: word.value, text: bounded(word.text), refs: [] }));
  await dispatch(words, env, stdin, ctx, false);
}

/** Re-parses code the command hands to a shell (`bash -c`, `eval`, `source`) and walks it in place. */
async function walkNested(code: string, ctx: Context, stdin: Stdin, why: string): Promise<void> {
  if (ctx.depth >= MAX_DEPTH) {
    ctx.out.unknown.push({ why: `${why} nests deeper than ${MAX_DEPTH} levels` });
    return;
  }
  const error = await walkCode(code, { ...ctx, depth: ctx.depth + 1 }, stdin);
  if (error) ctx.out.unknown.push({ why: `${why}: ${error}` });
}

function readFile(ctx: Context, file: string, how: string): FileRead | undefined {
  const absolute = path.resolve(ctx.cwd, expandTilde(file, ctx.home));
  if (ctx.written.has(absolute)) {
    const text = ctx.written.get(absolute);
    if (text === undefined) ctx.out.faults.push(`${absolute} is written earlier in the command with text the guard cannot compute`);
    return text === undefined ? undefined : { file: absolute, text, how };
  }
  try {
    const stat = fs.statSync(absolute);
    if (!stat.isFile()) return undefined;
    if (stat.size > MAX_FILE_BYTES) {
      ctx.out.faults.push(`${absolute} is larger than 1 MB and was not read`);
      return undefined;
    }
    const read = { file: absolute, text: fs.readFileSync(absolute, "utf8"), how };
    ctx.out.filesRead.push(read);
    return read;
  } catch (error) {
    ctx.out.faults.push(`${absolute} cannot be read (${(error as NodeJS.ErrnoException).code ?? "error"})`);
    return undefined;
  }
}

/**
 * The code of each `$(…)` and `` `…` `` in an unquoted heredoc body, as bash expands them before the
 * command reads the body. Only finds their bounds (quotes and nesting respected); the code is then parsed.
 */
export function heredocSubstitutions(text: string): string[] {
  const found: string[] = [];
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === "\\") {
      i++;
      continue;
    }
    if (ch === "`") {
      let j = i + 1;
      while (j < text.length && text[j] !== "`") j += text[j] === "\\" ? 2 : 1;
      if (j >= text.length) break;
      found.push(text.slice(i + 1, j).replace(/\\([`$\\])/g, "$1"));
      i = j;
      continue;
    }
    if (ch === "$" && text[i + 1] === "(" && text[i + 2] !== "(") {
      let depth = 0;
      let quote: string | undefined;
      let j = i + 1;
      for (; j < text.length; j++) {
        const c = text[j];
        if (c === "\\" && quote !== "'") {
          j++;
          continue;
        }
        if (quote) {
          if (c === quote) quote = undefined;
          continue;
        }
        if (c === "'" || c === '"') quote = c;
        else if (c === "(") depth++;
        else if (c === ")" && --depth === 0) break;
      }
      if (j >= text.length) break;
      found.push(text.slice(i + 2, j));
      i = j;
    }
  }
  return found.slice(0, 20);
}

function expandTilde(file: string, home: string): string {
  if (home && (file === "~" || file.startsWith("~/"))) return path.join(home, file.slice(1));
  return file;
}

// ── statements ──────────────────────────────────────────────────────────────────────────────────────

const SKIP = new Set(["comment", "heredoc_body", "heredoc_end", "heredoc_start", "&&", "||", ";", "&", "|", "|&", "(", ")", "{", "}", "do", "done", "then", "fi", "if", "else", "elif", "while", "until", "for", "in", "case", "esac", "!", ";;"]);

async function walkStatements(node: SyntaxNode, ctx: Context, stdin: Stdin): Promise<Stdin> {
  let last: Stdin = { kind: "none" };
  switch (node.type) {
    case "command":
      return runCommand(node, ctx, stdin);
    case "declaration_command":
    case "variable_assignment":
    case "variable_assignments":
      await assign(node, ctx);
      return { kind: "none" };
    case "pipeline": {
      let input = stdin;
      for (const child of node.namedChildren) {
        if (!child || SKIP.has(child.type)) continue;
        input = await walkStatements(child, ctx, input);
      }
      return input;
    }
    case "redirected_statement":
      return redirected(node, ctx, stdin);
    case "test_command":
    case "arithmetic_expansion":
      await substitutionsIn(node, ctx);
      return { kind: "none" };
    case "for_statement":
    case "c_style_for_statement":
      for (const value of node.childrenForFieldName("value")) if (value) await evaluate(value, ctx);
      break;
    case "case_statement": {
      const value = node.childForFieldName("value");
      if (value) await evaluate(value, ctx);
      break;
    }
    case "function_definition": {
      // Walked where it is defined: whether and where it is called is not followed, so assume it runs.
      const body = node.childForFieldName("body");
      if (body) await walkStatements(body, ctx, { kind: "none" });
      return { kind: "none" };
    }
    default:
      break;
  }
  for (const child of node.namedChildren) {
    if (!child || SKIP.has(child.type)) continue;
    if (node.type === "for_statement" && (child.type === "variable_name" || node.childrenForFieldName("value").some((v) => v?.id === child.id))) continue;
    if (node.type === "case_statement" && child.id === node.childForFieldName("value")?.id) continue;
    if (child.type === "case_item") {
      for (const item of child.namedChildren) if (item && !SKIP.has(item.type) && item.type !== "word" && item.type !== "extglob_pattern") last = await walkStatements(item, ctx, { kind: "none" });
      continue;
    }
    last = await walkStatements(child, ctx, stdin);
  }
  return last;
}

async function redirected(node: SyntaxNode, ctx: Context, stdin: Stdin): Promise<Stdin> {
  let input = stdin;
  const tails: SyntaxNode[] = [];
  const writes: { file: string; append: boolean }[] = [];
  for (const redirect of node.childrenForFieldName("redirect")) {
    if (!redirect) continue;
    if (redirect.type === "heredoc_redirect") {
      const body = redirect.namedChildren.find((c) => c?.type === "heredoc_body");
      // An unquoted delimiter: `$(…)` and backticks in the body run first, whatever reads the body. tree-sitter
      // does not parse every substitution inside a heredoc body, so they are found here and parsed on their own.
      const start = redirect.namedChildren.find((c) => c?.type === "heredoc_start")?.text ?? "";
      if (body && !/['"\\]/.test(start)) {
        for (const code of heredocSubstitutions(body.text)) await walkNested(code, ctx, { kind: "none" }, "a substitution in a heredoc");
      }
      input = { kind: "text", text: body?.text ?? "", how: "heredoc" };
      for (const c of redirect.namedChildren) if (c && (c.type === "pipeline" || c.type === "list" || c.type === "command" || c.type === "redirected_statement")) tails.push(c);
    } else if (redirect.type === "herestring_redirect") {
      const word = redirect.namedChildren.find((c) => c && c.type !== "file_descriptor");
      const evaluated = word ? await evaluate(word, ctx) : staticWord("");
      input = evaluated.value === undefined ? { kind: "unknown", from: "a here-string" } : { kind: "text", text: `${evaluated.value}\n`, how: "herestring" };
    } else if (redirect.type === "file_redirect" && /^\s*(?:\d*<)(?!<)/.test(redirect.text) && !redirect.text.includes(">")) {
      const dest = redirect.childForFieldName("destination");
      const word = dest ? await evaluate(dest, ctx) : undefined;
      const read = word?.value ? readFile(ctx, word.value, "a < redirect") : undefined;
      input = read ? { kind: "text", text: read.text, how: "file", file: read.file } : { kind: "unknown", from: `file ${word?.text ?? "?"}` };
    } else {
      const written = await recordWrite(redirect, ctx);
      if (written) writes.push(written);
    }
  }
  const body = node.childForFieldName("body");
  let output: Stdin = { kind: "none" };
  if (body) output = await walkStatements(body, ctx, input);
  // What the body printed is now in the files it was redirected to (for a later read in the same command).
  for (const w of writes) {
    const text = output.kind === "text" ? output.text : undefined;
    const before = w.append ? ctx.written.get(w.file) : "";
    ctx.written.set(w.file, text === undefined || before === undefined ? undefined : before + text);
  }
  if (writes.length > 0) output = { kind: "none" };
  // tree-sitter puts `cat <<EOF | psql` as the heredoc's child pipeline: it continues from the body.
  for (const tail of tails) {
    if (tail.type === "pipeline") {
      let piped = output;
      for (const child of tail.namedChildren) if (child && !SKIP.has(child.type)) piped = await walkStatements(child, ctx, piped);
      output = piped;
    } else {
      output = await walkStatements(tail, ctx, output);
    }
  }
  return output;
}

/** An output redirect's file, recorded as a write (its substitutions run either way). */
async function recordWrite(redirect: SyntaxNode, ctx: Context): Promise<{ file: string; append: boolean } | undefined> {
  await substitutionsIn(redirect, ctx);
  const operator = redirect.text.split(/\s/)[0] ?? "";
  if (redirect.type !== "file_redirect" || !/>/.test(operator)) return undefined;
  const dest = redirect.childForFieldName("destination");
  const word = dest ? await evaluate(dest, ctx) : undefined;
  if (!word?.value || /^&?\d*$/.test(word.value) || /^\d*>&/.test(operator)) return undefined;
  ctx.out.writes.push({ file: word.value, how: `a ${operator} redirect`, cwd: ctx.cwd });
  // 2> captures errors, not the output.
  if (/^[2-9]>/.test(operator)) return undefined;
  return { file: path.resolve(ctx.cwd, expandTilde(word.value, ctx.home)), append: operator.includes(">>") };
}

async function assign(node: SyntaxNode, ctx: Context): Promise<void> {
  const assignments = node.type === "variable_assignment" ? [node] : node.namedChildren.filter((c): c is SyntaxNode => c?.type === "variable_assignment");
  for (const a of assignments) {
    const { name, value } = await evaluateAssignment(a, ctx);
    if (name) ctx.vars.set(name, value);
  }
}

async function evaluateAssignment(node: SyntaxNode, ctx: Context): Promise<{ name: string | undefined; value: VarValue }> {
  const name = node.childForFieldName("name")?.text;
  const valueNode = node.childForFieldName("value");
  const word = valueNode ? await evaluate(valueNode, ctx) : staticWord("");
  // A value built from one variable keeps that variable's origin (T=$RAILWAY_TOKEN).
  const origin = word.refs.length === 1 ? word.refs[0].source : { how: `$${name} set in the command` };
  return { name, value: { value: word.value, source: origin } };
}

async function substitutionsIn(node: SyntaxNode, ctx: Context): Promise<void> {
  for (const child of node.namedChildren) {
    if (!child) continue;
    if (child.type === "command_substitution" || child.type === "process_substitution") await evaluate(child, ctx);
    else await substitutionsIn(child, ctx);
  }
}

// ── words ──────────────────────────────────────────────────────────────────────────────────────────────

function unescapeWord(text: string): string {
  return text.replace(/\\(.)/gs, "$1");
}

async function evaluate(node: SyntaxNode, ctx: Context): Promise<Word> {
  const refs: Word["refs"] = [];
  const value = await evaluateInto(node, ctx, refs);
  return { value, text: bounded(node.text), refs };
}

async function evaluateInto(node: SyntaxNode, ctx: Context, refs: Word["refs"]): Promise<string | undefined> {
  switch (node.type) {
    case "word":
    case "number":
    case "command_name": {
      if (node.type === "command_name" && node.namedChildren[0]) return evaluateInto(node.namedChildren[0], ctx, refs);
      const text = unescapeWord(node.text);
      return text === "~" || text.startsWith("~/") ? expandTilde(text, ctx.home) : text;
    }
    case "raw_string":
      return node.text.slice(1, -1);
    case "ansi_c_string":
      return node.text.slice(2, -1).replace(/\\n/g, "\n").replace(/\\t/g, "\t").replace(/\\(['"\\])/g, "$1");
    case "string_content":
      return node.text.replace(/\\([$`"\\\n])/g, "$1");
    case "string":
    case "concatenation":
    case "translated_string": {
      let out: string | undefined = "";
      let cursor = node.type === "string" ? node.startIndex + 1 : node.startIndex;
      const end = node.type === "string" ? node.endIndex - 1 : node.endIndex;
      for (const child of node.namedChildren) {
        if (!child) continue;
        // Text between named children (plain characters inside quotes) is literal.
        const gap = node.tree.rootNode.text.slice(cursor, child.startIndex);
        const part = await evaluateInto(child, ctx, refs);
        out = out === undefined || part === undefined ? undefined : out + gap + part;
        cursor = child.endIndex;
      }
      const tail = node.tree.rootNode.text.slice(cursor, end);
      return out === undefined ? undefined : out + (node.namedChildren.length === 0 && node.type === "string" ? node.text.slice(1, -1) : tail);
    }
    case "simple_expansion":
    case "expansion": {
      const nameNode = node.namedChildren.find((c) => c?.type === "variable_name" || c?.type === "special_variable_name");
      const name = nameNode?.text;
      if (!name) return undefined;
      const known = ctx.vars.get(name);
      if (known) refs.push({ name, ...known });
      // ${VAR:-default}, ${VAR#prefix}…: the value is the variable's when set, else unknown.
      const operator = node.type === "expansion" && node.namedChildren.length > 1;
      // $IFS unset is whitespace: `rm$IFS-rf$IFS~/` splits into words the guard cannot place (GuardFall class B).
      if (!known) return operator || name === "IFS" ? undefined : "";
      return operator ? known.value : known.value;
    }
    case "command_substitution":
      return substitute(node, ctx, refs);
    case "process_substitution":
      await walkStatements(node, ctx, { kind: "none" });
      return undefined;
    case "arithmetic_expansion":
      await substitutionsIn(node, ctx);
      return undefined;
    default:
      return node.text;
  }
}

/**
 * `$(…)`: its commands run (walked like any other), and its output is known when it only prints a file or
 * a literal: `$(cat .env)`, `$(< token)`, `$(echo x)`. `$(grep … f)` reads the file (its secrets are in
 * reach) but what it prints is not computed.
 */
async function substitute(node: SyntaxNode, ctx: Context, refs: Word["refs"]): Promise<string | undefined> {
  const before = ctx.out.commands.length;
  const filesBefore = ctx.out.filesRead.length;
  const output = await walkStatements(node.namedChildren.find((c) => c && c.type !== "comment") ?? node, ctx, { kind: "none" });
  const inner = node.namedChildren.filter((c) => c && c.type !== "comment");
  // `$(< file)`
  if (inner.length === 1 && inner[0]?.type === "redirected_statement" && !inner[0].childForFieldName("body")) {
    const dest = inner[0].childForFieldName("redirect")?.childForFieldName("destination");
    const word = dest ? await evaluate(dest, ctx) : undefined;
    const read = word?.value ? readFile(ctx, word.value, "$(< file)") : undefined;
    if (read) refs.push({ name: path.basename(read.file), value: read.text.trim(), source: { how: `$(< ${path.basename(read.file)})`, file: read.file } });
    return read?.text.trim();
  }
  for (const read of ctx.out.filesRead.slice(filesBefore)) {
    refs.push({ name: path.basename(read.file), value: undefined, source: { how: `read by $(${bounded(node.text.slice(2, -1))})`, file: read.file } });
  }
  const ran = ctx.out.commands.slice(before);
  if (output.kind === "text" && ran.length > 0) {
    const text = output.text.replace(/\n+$/, "");
    if (output.file) {
      const i = refs.findIndex((r) => r.source.file === output.file);
      if (i !== -1) refs.splice(i, 1);
      refs.push({ name: path.basename(output.file), value: text, source: { how: `$(cat ${path.basename(output.file)})`, file: output.file } });
    }
    return text;
  }
  return undefined;
}

// ── commands ───────────────────────────────────────────────────────────────────────────────────────────

async function runCommand(node: SyntaxNode, ctx: Context, stdin: Stdin): Promise<Stdin> {
  const env = new Map<string, VarValue>();
  const words: Word[] = [];
  for (const child of node.namedChildren) {
    if (!child) continue;
    if (child.type === "variable_assignment") {
      const { name, value } = await evaluateAssignment(child, ctx);
      if (name) env.set(name, value);
    } else if (child.type === "herestring_redirect") {
      // `psql <<< 'TRUNCATE orders'`: the word is the command's stdin.
      const word = child.namedChildren.find((c) => c && c.type !== "file_descriptor");
      const evaluated = word ? await evaluate(word, ctx) : staticWord("");
      stdin = evaluated.value === undefined ? { kind: "unknown", from: "a here-string" } : { kind: "text", text: `${evaluated.value}\n`, how: "herestring" };
    } else if (child.type === "file_redirect") {
      await recordWrite(child, ctx);
    } else {
      words.push(await evaluate(child, ctx));
    }
  }
  if (words.length === 0) {
    // `A=1` with no command sets shell variables.
    for (const [k, v] of env) ctx.vars.set(k, v);
    return { kind: "none" };
  }
  return dispatch(words, env, stdin, ctx, false);
}

function isOption(word: Word): boolean {
  return word.value !== undefined && word.value.startsWith("-") && word.value !== "-";
}

/** Peels wrappers, then runs shells and interpreters in place; everything else is recorded. */
async function dispatch(words: Word[], env: Map<string, VarValue>, stdin: Stdin, ctx: Context, argsFromStdin: boolean): Promise<Stdin> {
  let rest = words;
  let fromStdin = argsFromStdin;
  const localEnv = new Map(env);
  for (let guard = 0; guard < 10; guard++) {
    const name = rest[0]?.value === undefined ? undefined : path.basename(rest[0].value);
    const ran = name ? runnerCommand(name, rest) : undefined;
    if (ran) {
      rest = ran;
      continue;
    }
    const wrapper = name ? WRAPPERS[name] : undefined;
    if (!name || !wrapper) break;
    if (name === "xargs") fromStdin = true;
    let i = 1;
    let positional = wrapper.positional ?? 0;
    while (i < rest.length) {
      const w = rest[i].value;
      if (w === undefined) break;
      if (w === "--") {
        i++;
        break;
      }
      if (name === "env" && /^[A-Za-z_][A-Za-z0-9_]*=/.test(w)) {
        const eq = w.indexOf("=");
        localEnv.set(w.slice(0, eq), { value: w.slice(eq + 1), source: { how: `$${w.slice(0, eq)} set by env` } });
        i++;
        continue;
      }
      if (w.startsWith("-")) {
        const takesValue = wrapper.valued.includes(w) || (name === "nice" && /^-\d+$/.test(w) === false && w === "-n");
        i += takesValue ? 2 : 1;
        continue;
      }
      if (positional > 0) {
        positional--;
        i++;
        continue;
      }
      break;
    }
    rest = rest.slice(i);
  }
  if (rest.length === 0) return { kind: "none" };
  const first = rest[0];
  if (first.value === undefined) {
    ctx.out.unknown.push({ why: `the command name ${first.text} is computed at run time` });
    return { kind: "unknown", from: first.text };
  }
  const name = path.basename(first.value);
  const args = rest.slice(1);
  const vars = new Map(ctx.vars);
  for (const [k, v] of localEnv) vars.set(k, v);

  if (SHELLS.has(name)) return runShell(name, args, localEnv, stdin, ctx, fromStdin);
  const script = packageScript(name, args, ctx);
  if (script && "bin" in script) return dispatch(script.bin, env, stdin, ctx, fromStdin);
  if (script) {
    // `npm run db:reset`: the script in package.json is what runs, with its pre and post scripts.
    ctx.out.commands.push({ name, args, env: localEnv, stdin, argsFromStdin: fromStdin, vars, cwd: ctx.cwd });
    for (const code of script.code) await walkNested(code, { ...ctx, vars: new Map([...ctx.vars, ...localEnv]) }, stdin, script.label);
    return { kind: "unknown", from: name };
  }
  if (name === "eval") {
    if (args.some((a) => a.value === undefined) || fromStdin) {
      ctx.out.unknown.push({ why: `eval runs code computed at run time (${bounded(args.map((a) => a.text).join(" "))})` });
      return { kind: "unknown", from: "eval" };
    }
    await walkNested(args.map((a) => a.value).join(" "), ctx, stdin, "eval");
    return { kind: "unknown", from: "eval" };
  }
  if (name === "source" || name === ".") {
    const file = args[0]?.value;
    const read = file ? readFile(ctx, file, `source ${file}`) : undefined;
    if (!read) {
      ctx.out.unknown.push({ why: `source ${args[0]?.text ?? ""} could not be read` });
      return { kind: "none" };
    }
    await walkSourced(read, ctx);
    return { kind: "none" };
  }
  if (INTERPRETERS[name] || /^python3\.\d+$/.test(name)) {
    const flags = INTERPRETERS[name] ?? ["-c"];
    const at = args.findIndex((a) => a.value !== undefined && flags.includes(a.value));
    const code = at === -1 ? undefined : args[at + 1];
    if (at !== -1) {
      if (code?.value === undefined || REACHES_OUT.test(code.value)) {
        ctx.out.unknown.push({ why: `${name} ${args[at].value} runs inline code that can reach the network, other programs or files` });
      }
    } else if (stdin.kind !== "none" || args.length === 0 || args.some((a) => a.value === "-")) {
      ctx.out.unknown.push({ why: `${name} runs a program from its stdin` });
    } else {
      // `python script.py`: the script is code the guard does not read.
      const script = args.find((a) => !isOption(a));
      if (script?.value && !/\.(?:py|js|mjs|cjs|ts|rb|pl|php)$/.test(script.value)) {
        // `python -m http.server`, `node --version`: a module or flag, nothing inline.
      } else if (script) {
        ctx.out.unknown.push({ why: `${name} runs ${script.text}, which the guard does not read` });
      }
    }
    ctx.out.commands.push({ name, args, env: localEnv, stdin, argsFromStdin: fromStdin, vars, cwd: ctx.cwd });
    return { kind: "unknown", from: name };
  }
  if (name === "cd" && args[0]?.value !== undefined) {
    ctx.cwd = path.resolve(ctx.cwd, expandTilde(args[0].value, ctx.home));
    return { kind: "none" };
  }
  if (name === "export" || name === "declare" || name === "local" || name === "readonly" || name === "typeset") return { kind: "none" };

  ctx.out.commands.push({ name, args, env: localEnv, stdin, argsFromStdin: fromStdin, vars, cwd: ctx.cwd });
  return outputOf(name, args, stdin, ctx);
}

const PNPM_BUILTINS = new Set(["add", "install", "i", "remove", "rm", "uninstall", "update", "up", "exec", "dlx", "create", "init", "publish", "pack", "link", "unlink", "list", "ls", "why", "outdated", "audit", "store", "env", "setup", "config", "import", "fetch", "rebuild", "prune", "deploy", "patch", "patch-commit", "server", "licenses", "doctor", "help", "self-update", "approve-builds", "root", "bin", "-r", "--recursive", "-C", "--dir", "--filter", "-F"]);
const YARN_BUILTINS = new Set(["add", "install", "remove", "upgrade", "up", "dlx", "exec", "init", "info", "why", "workspace", "workspaces", "config", "set", "plugin", "npm", "pack", "link", "unlink", "constraints", "explain", "dedupe", "cache", "node", "bin", "version", "create", "global", "import", "licenses", "outdated", "owner", "policies", "publish", "tag", "team", "login", "logout", "audit", "autoclean", "check", "help"]);

/**
 * The package.json script a package manager runs (`npm run X`, `npm test`, `pnpm X`, `yarn X`, `bun run X`),
 * with its pre and post scripts, read from the package.json in the working directory.
 */
function packageScript(name: string, args: Word[], ctx: Context): { code: string[]; label: string } | { bin: Word[] } | undefined {
  const a = args.map((w) => w.value);
  let script: string | undefined;
  let rest: (string | undefined)[] = [];
  if (name === "npm") {
    if ((a[0] === "run" || a[0] === "run-script") && a[1]) [script, rest] = [a[1], a.slice(2)];
    else if (a[0] && ["test", "start", "stop", "restart"].includes(a[0])) [script, rest] = [a[0], a.slice(1)];
  } else if (name === "pnpm" || name === "yarn" || name === "bun") {
    if (a[0] === "run" && a[1]) [script, rest] = [a[1], a.slice(2)];
    else if (name !== "bun" && a[0] && !a[0].startsWith("-") && !(name === "pnpm" ? PNPM_BUILTINS : YARN_BUILTINS).has(a[0])) [script, rest] = [a[0], a.slice(1)];
  }
  if (!script) return undefined;
  const read = readFile(ctx, "package.json", `${name} run ${script}`);
  if (!read) return undefined;
  let scripts: Record<string, unknown>;
  try {
    scripts = ((JSON.parse(read.text) as { scripts?: Record<string, unknown> }).scripts ?? {}) as Record<string, unknown>;
  } catch {
    ctx.out.unknown.push({ why: `${name} runs the script ${script} of a package.json that does not parse` });
    return undefined;
  }
  const body = scripts[script];
  // `pnpm prisma migrate reset`, `yarn prisma …`: no script of that name, so the package's binary runs.
  if (typeof body !== "string") return name === "pnpm" || name === "yarn" ? { bin: args.slice(args[0]?.value === "run" ? 1 : 0) } : undefined;
  const extra = rest.filter((r) => r !== "--").map((r) => (r === undefined ? "" : `'${r.replace(/'/g, `'\\''`)}'`)).join(" ");
  const code = [scripts[`pre${script}`], `${body}${extra ? ` ${extra}` : ""}`, scripts[`post${script}`]].filter((c): c is string => typeof c === "string");
  return { code, label: `${name} run ${script}` };
}

async function walkSourced(read: FileRead, ctx: Context): Promise<void> {
  const before = new Map(ctx.vars);
  const error = await walkCode(read.text, { ...ctx, depth: ctx.depth + 1 }, { kind: "none" });
  if (error) {
    ctx.out.unknown.push({ why: `${path.basename(read.file)} is sourced but ${error}` });
    return;
  }
  // Variables the file set remember the file they came from.
  for (const [name, value] of ctx.vars) {
    if (before.get(name) !== value && !value.source.file) ctx.vars.set(name, { value: value.value, source: { how: `$${name} from ${path.basename(read.file)}`, file: read.file } });
  }
}

async function runShell(name: string, args: Word[], env: Map<string, VarValue>, stdin: Stdin, ctx: Context, fromStdin: boolean): Promise<Stdin> {
  const c = args.findIndex((a) => a.value !== undefined && /^-[a-z]*c[a-z]*$/.test(a.value));
  const withEnv = { ...ctx, vars: new Map([...ctx.vars, ...env]) };
  if (c !== -1) {
    const code = args[c + 1];
    if (code?.value === undefined || fromStdin) {
      ctx.out.unknown.push({ why: `${name} -c runs code computed at run time (${code?.text ?? ""})` });
      return { kind: "unknown", from: name };
    }
    await walkNested(code.value, withEnv, stdin, `${name} -c`);
    for (const [k, v] of withEnv.vars) if (!env.has(k)) ctx.vars.set(k, v);
    return { kind: "unknown", from: name };
  }
  const script = args.find((a) => !isOption(a));
  if (script) {
    if (script.value === undefined) {
      ctx.out.unknown.push({ why: `${name} runs a script named at run time (${script.text})` });
      return { kind: "unknown", from: name };
    }
    const read = readFile(ctx, script.value, `${name} ${script.value}`);
    if (!read) {
      ctx.out.unknown.push({ why: `${name} runs ${script.text}, which could not be read` });
      return { kind: "unknown", from: name };
    }
    await walkSourced(read, withEnv);
    return { kind: "unknown", from: name };
  }
  if (stdin.kind === "text") {
    await walkNested(stdin.text, withEnv, { kind: "none" }, `${name} reading its stdin`);
  } else {
    ctx.out.unknown.push({ why: stdin.kind === "unknown" ? `${name} runs code piped from ${stdin.from}` : `${name} runs code from its stdin` });
  }
  return { kind: "unknown", from: name };
}

/** What a command prints, when it is a plain printer of literals or files (for pipes into psql or sh). */
function outputOf(name: string, args: Word[], stdin: Stdin, ctx: Context): Stdin {
  const values = args.map((a) => a.value);
  if (values.some((v) => v === undefined)) return { kind: "unknown", from: name };
  const plain = values as string[];
  if (name === "echo") return { kind: "text", text: `${plain.filter((v) => !/^-[neE]+$/.test(v)).join(" ")}\n`, how: "pipe" };
  if (name === "printf") {
    // The format's %s take the arguments in turn; a format of any other kind is not computed.
    const [format = "", ...rest] = plain;
    if (/%(?![s%])/.test(format)) return { kind: "unknown", from: "printf" };
    let i = 0;
    const text = format.replace(/%([s%])/g, (_, c: string) => (c === "%" ? "%" : (rest[i++] ?? "")));
    return { kind: "text", text: text.replace(/\\n/g, "\n"), how: "pipe" };
  }
  if (name === "cat") {
    const files = plain.filter((v) => !v.startsWith("-") || v === "-");
    if (files.length === 0 || (files.length === 1 && files[0] === "-")) return stdin;
    let text = "";
    let file: string | undefined;
    for (const f of files) {
      const read = readFile(ctx, f, `cat ${f}`);
      if (!read) return { kind: "unknown", from: `cat ${f}` };
      text += read.text;
      file = read.file;
    }
    return { kind: "text", text, how: "file", file: files.length === 1 ? file : undefined };
  }
  if (name === "grep" || name === "head" || name === "tail" || name === "cut" || name === "sed" || name === "awk" || name === "sort" || name === "tr") {
    // Their output is not computed, but the files they read are in reach.
    for (const f of plain.slice(1).filter((v) => !v.startsWith("-"))) {
      const absolute = path.resolve(ctx.cwd, expandTilde(f, ctx.home));
      if (fs.existsSync(absolute) && fs.statSync(absolute).isFile()) readFile(ctx, f, `${name} ${f}`);
    }
  }
  return { kind: "unknown", from: name };
}

export { staticWord };
