import { beforeAll, describe, expect, it } from "vitest";
import { guardHookCommand, isBlastmapGuardCommand } from "@/lib/guard/hook-command";
import { loadBashParser } from "@/lib/guard/shell/parse-bash";

describe("isBlastmapGuardCommand: the one recogniser (collector, install, uninstall)", () => {
  beforeAll(loadBashParser);

  it.each([
    "/abs/path/bin/blastmap.mjs guard hook --agent claude-code",
    "npx blastmap guard hook --agent cursor",
    "npx -y blastmap@1.2.0 guard hook",
    "node /abs/bin/blastmap.mjs guard hook --agent gemini",
    "BLASTMAP_GUARD_SNAPSHOT=/tmp/s.json blastmap guard hook",
    "cd /repo && ./bin/blastmap.mjs guard hook --agent codex",
    "pnpm exec blastmap guard hook",
    "'/opt/my tools/node' '/opt/my tools/blastmap/bin/blastmap.mjs' guard hook --agent cursor",
    `"/usr/bin/node" "/srv/blastmap/bin/blastmap.mjs" guard hook`,
    guardHookCommand("windsurf", { node: "/usr/bin/node", bin: "/home/o'brien/blastmap/bin/blastmap.mjs" }),
  ])("%s runs the guard", (command) => expect(isBlastmapGuardCommand(command)).toBe(true));

  it.each([
    "echo blastmap guard hook",
    "grep 'blastmap guard hook' log.txt",
    "/opt/not-blastmap guard hook",
    "blastmap guard sync",
    "npx other-tool blastmap guard hook",
    "python3 hooks/blastmap.py guard hook",
    "$BLASTMAP guard hook",
    "./scripts/audit-log.sh",
    "echo blastmap guard",
    // Quotes join words: this runs a program named "blastmap guard hook".
    "'blastmap guard hook'",
    // Its answer becomes echo's words: nothing is enforced.
    `echo "$(blastmap guard hook)"`,
    // Does not parse as shell: the shell would run nothing.
    "blastmap guard hook 'unterminated",
    "# blastmap guard hook",
  ])("%s does not", (command) => expect(isBlastmapGuardCommand(command)).toBe(false));
});
