/**
 * The warm guard daemon parses every call for hours in one process. A tree-sitter tree lives in the
 * parser's WebAssembly memory, which never shrinks, and the garbage collector frees a tree only when it
 * finalises the tree's small JS object, if ever. So every parse frees its tree once walked; measured here
 * on the parser's own heap, through every path that parses: the command, `bash -c` / `eval` / `source` /
 * package.json scripts parsed again, heredoc substitutions, parse failures, and shellArgvs.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { treeArgvs } from "@/lib/guard/shell/argvs";
import { loadBashParser, parseBash, parserHeapTop } from "@/lib/guard/shell/parse-bash";
import { walkShell } from "@/lib/guard/shell/walk-shell";

const cwd = fs.mkdtempSync(path.join(os.tmpdir(), "blastmap-tree-memory-"));
afterAll(() => fs.rmSync(cwd, { recursive: true, force: true }));
const ENV = { HOME: cwd, RAILWAY_TOKEN: "not-a-real-token" };

const COMMANDS = [
  `curl -s -X POST https://backboard.railway.com/graphql/v2 -H "Authorization: Bearer $RAILWAY_TOKEN" -d '{"query":"mutation { volumeDelete(volumeId: \\"v\\") }"}' | jq .`,
  `bash -c 'psql "$DATABASE_URL" -c "DROP TABLE orders" && echo done'`,
  `eval "kubectl delete ns prod; echo gone"`,
  `source env.sh && railway volume delete vol-1`,
  `npm run reset`,
  `cat <<EOF | psql\nDELETE FROM orders; $(cat token)\nEOF`,
  `echo 'unterminated`,
  `bash -c 'if then'`,
  `for f in *.sql; do psql -f "$f"; done > log.txt 2>&1`,
];
const ITERATIONS = 2_000;

beforeAll(async () => {
  fs.writeFileSync(path.join(cwd, "env.sh"), "export A=1\nexport B=$A\n");
  fs.writeFileSync(path.join(cwd, "token"), "not-a-real-token\n");
  fs.writeFileSync(path.join(cwd, "package.json"), JSON.stringify({ scripts: { reset: "prisma migrate reset --force && echo reset" } }));
  await loadBashParser();
});

async function walkEach(times: number): Promise<void> {
  for (let i = 0; i < times; i++) {
    const command = `${COMMANDS[i % COMMANDS.length]} # ${i}`;
    await walkShell(command, ENV, cwd);
    treeArgvs(command, { recover: true });
  }
}

describe("parse trees are freed", () => {
  it(`${ITERATIONS} commands walked leave the parser's WebAssembly heap where it was`, async () => {
    await walkEach(COMMANDS.length * 5);
    const before = parserHeapTop() as number;
    await walkEach(ITERATIONS);
    const grown = (parserHeapTop() as number) - before;
    // Each of these trees takes 2–5 kB: kept, the 2,000 walks (and their nested parses) would hold megabytes.
    expect(grown).toBeLessThan(64 * 1024);
  });

  it("the measurement sees trees that are kept", async () => {
    const before = parserHeapTop() as number;
    const kept = [];
    for (let i = 0; i < 500; i++) {
      const parsed = await parseBash(`${COMMANDS[0]} # ${i}`);
      if (parsed.ok) kept.push(parsed.root.tree);
    }
    const grown = (parserHeapTop() as number) - before;
    for (const tree of kept) tree.delete();
    expect(grown).toBeGreaterThan(1024 * 1024);
  });
});
