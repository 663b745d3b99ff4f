/**
 * The literal reading of a command (no tree-sitter) must give the argv and the walk that tree-sitter-bash
 * gives, for every command it accepts: a guard that reads `rm -rf "/"` differently from bash is a bypass.
 * Checked on hand-picked commands and on commands generated from an alphabet dense in shell metacharacters
 * and quotes, where each accepted command is read both ways.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { shellArgvs, treeArgvs } from "@/lib/guard/shell/argvs";
import { literalCommand } from "@/lib/guard/shell/literal-words";
import { loadBashParser } from "@/lib/guard/shell/parse-bash";
import { walkShell } from "@/lib/guard/shell/walk-shell";

beforeAll(loadBashParser);

const cwd = fs.mkdtempSync(path.join(os.tmpdir(), "blastmap-literal-words-"));
afterAll(() => fs.rmSync(cwd, { recursive: true, force: true }));
const ENV = { HOME: "/home/dana", RAILWAY_TOKEN: "not-a-real-token", FOO: "agent-foo" };

const INCIDENT = `curl -X POST https://backboard.railway.com/graphql/v2 -H "Authorization: Bearer not-a-real-token" -d '{"query":"mutation { volumeDelete(volumeId: \\"3f1c2a9e-volume\\") }"}'`;

function literalArgv(source: string): string[][] | undefined {
  const command = literalCommand(source);
  return command && shellArgvs(source);
}

/** The same command with a `;` after it: the same simple command to bash, but never literal. */
function throughTree(source: string): string {
  return `${source.replace(/[ \t\n]+$/, "")};`;
}

describe("literalCommand: commands read without loading tree-sitter", () => {
  it.each([
    ["ls -la", ["ls", "-la"]],
    ["  git   status\n", ["git", "status"]],
    ["/usr/bin/node /opt/blastmap/bin/blastmap.mjs guard hook --agent cursor", ["/usr/bin/node", "/opt/blastmap/bin/blastmap.mjs", "guard", "hook", "--agent", "cursor"]],
    ["FOO=1 npm run build:prod", ["FOO=1", "npm", "run", "build:prod"]],
    [INCIDENT, ["curl", "-X", "POST", "https://backboard.railway.com/graphql/v2", "-H", "Authorization: Bearer not-a-real-token", "-d", '{"query":"mutation { volumeDelete(volumeId: \\"3f1c2a9e-volume\\") }"}']],
    ['git commit -m "drop the table"', ["git", "commit", "-m", "drop the table"]],
    ["psql -c 'DROP TABLE x'", ["psql", "-c", "DROP TABLE x"]],
    [`echo "a'b"`, ["echo", "a'b"]],
    [`'a'"b"c`, ["abc"]],
    ['""', [""]],
    ["''", [""]],
    [`FOO="a b" cmd 'x y'`, ["FOO=a b", "cmd", "x y"]],
    ["bash -c 'rm -rf /srv/data'", ["bash", "-c", "rm -rf /srv/data"]],
    [`echo 'if $HOME; `+"`id`'", ["echo", "if $HOME; `id`"]],
    ["echo 'line one\nline two' \"# not a comment\"", ["echo", "line one\nline two", "# not a comment"]],
  ])("%j is %j, as tree-sitter reads it", (source, argv) => {
    expect(literalArgv(source)).toEqual([argv]);
    expect(treeArgvs(source)).toEqual([argv]);
  });

  it("reads a line of assignments only as no command, as tree-sitter does", () => {
    expect(literalCommand("A=1 B='two words'")).toEqual({ assignments: [{ name: "A", value: "1", text: "A=1" }, { name: "B", value: "two words", text: "B='two words'" }], words: [] });
    expect(shellArgvs("A=1 B='two words'")).toEqual(treeArgvs("A=1 B='two words'"));
  });

  it.each([
    'echo "$HOME"',
    "echo $HOME",
    'echo "a\\"b"',
    'echo "`id`"',
    'echo "hi!"',
    "echo 'unterminated",
    'echo "unterminated',
    "rm -rf *",
    "cat ~/.env",
    "echo {a,b}",
    "ls; rm x",
    "ls && rm x",
    "ls | sh",
    "ls > out",
    "ls\nrm x",
    "echo a\\ b",
    "echo `id`",
    "time rm -rf build",
    "if true",
    "echo done",
    "%1",
    "\u00a0rm x",
    "ls # comment",
    "#ls",
    "FOO+=1 ls",
    "'A'=1 ls",
    "a-b=c ls",
    "export RAILWAY_TOKEN=abc",
    "'unset' FOO",
    "echo 'a\u0000b'",
    // Where tree-sitter-bash reads otherwise than bash: left to it, so both readings stay the same.
    "echo a#b",
    "x == b",
    "_=1 ls",
    "A=1 http://example.com",
    "a@ b",
    "npm% i",
    "echo 'a\rb'",
    "",
    "   ",
  ])("%j goes to the full parser", (source) => expect(literalCommand(source)).toBeUndefined());
});

// ── generated commands ─────────────────────────────────────────────────────────────────────────────────

/** Fragments with shell meaning, or none, or meaning only in some places: the lexer's hard cases. */
const FRAGMENTS = [
  ..."abZ09_@%+=:,./-",
  " ", " ", "\t", "\n", "'", "'", '"', '"', "$", "`", "\\", ";", "&", "|", "<", ">", "(", ")", "{", "}", "[", "]", "*", "?", "~", "!", "^",
  "\r", "\u0000", "\u00a0", "é", "😀", "\ud800",
  "if", "then", "fi", "do", "done", "time", "in", "function", "select", "coproc", "case", "esac", "for", "while", "!",
  "export", "declare", "local", "readonly", "typeset", "unset", "unsetenv", "echo", "env", "bash -c", "sh -c", "eval",
  "FOO=", "A=1", "_=", "==", "%1", "$HOME", "${FOO}", "$(id)", "&&", "||", ";;", ">>", "<<", "<<<", "2>", "&>", "|&", "--", "-rf", "#",
];
const fragment = fc.constantFrom(...FRAGMENTS);

/** Any sequence of fragments: most are rejected, the accepted ones are the interesting edges. */
const anyCommand = fc.array(fragment, { maxLength: 14 }).map((parts) => parts.join(""));

/** Commands built as words of quoted and unquoted segments, so most are accepted, with metacharacters inside quotes. */
const text = fc.array(fragment, { maxLength: 6 }).map((parts) => parts.join(""));
const segment = fc.oneof(
  fc.array(fc.constantFrom(..."abZ09_@%+=:,./-", "if", "export", "FOO=", "_=", "==", "%1"), { minLength: 1, maxLength: 4 }).map((p) => p.join("")),
  text.map((t) => `'${t}'`),
  text.map((t) => `"${t}"`),
);
const word = fc.array(segment, { minLength: 1, maxLength: 3 }).map((s) => s.join(""));
const wordyCommand = fc
  .tuple(fc.array(word, { minLength: 1, maxLength: 5 }), fc.constantFrom(" ", "  ", "\t", " \t"))
  .map(([words, blank]) => words.join(blank));

const command = fc.oneof(anyCommand, { weight: 3, arbitrary: wordyCommand });
const RUNS = { numRuns: Number(process.env.LITERAL_RUNS ?? 4_000) } as const;

describe("literalCommand agrees with tree-sitter-bash on generated commands", () => {
  it("gives tree-sitter's argv for every command it accepts", () => {
    let accepted = 0;
    fc.assert(
      fc.property(command, (source) => {
        const literal = literalArgv(source);
        if (!literal) return;
        accepted++;
        expect(literal).toEqual(treeArgvs(source));
      }),
      RUNS,
    );
    // Not a vacuous pass: a good share of the generated commands went through the literal reading (~19%).
    expect(accepted).toBeGreaterThan(RUNS.numRuns / 10);
  });

  it("walks every command it accepts as the tree walk does", async () => {
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(command, async (source) => {
        if (!literalCommand(source)) return;
        accepted++;
        const tree = await walkShell(throughTree(source), ENV, cwd);
        expect(tree.parseFailed).toBeUndefined();
        expect(await walkShell(source, ENV, cwd)).toEqual(tree);
      }),
      RUNS,
    );
    expect(accepted).toBeGreaterThan(RUNS.numRuns / 10);
  });
});
