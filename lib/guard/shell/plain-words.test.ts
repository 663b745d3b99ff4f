import { describe, expect, it } from "vitest";
import { plainWords } from "@/lib/guard/shell/plain-words";

describe("plainWords: the commands read without loading tree-sitter", () => {
  it.each([
    ["ls -la", ["ls", "-la"]],
    ["  git   status\n", ["git", "status"]],
    ["/usr/bin/node /opt/blastmap/bin/blastmap.mjs guard hook --agent cursor", ["/usr/bin/node", "/opt/blastmap/bin/blastmap.mjs", "guard", "hook", "--agent", "cursor"]],
    ["FOO=1 npm run build:prod", ["FOO=1", "npm", "run", "build:prod"]],
  ])("%j is %j", (source, words) => expect(plainWords(source)).toEqual(words));

  it.each([
    "echo 'a b'",
    'echo "$HOME"',
    "echo $HOME",
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
    "%1",
    "\u00a0rm x",
    "ls # comment",
    "",
  ])("%j goes to the full parser", (source) => expect(plainWords(source)).toBeUndefined());
});
