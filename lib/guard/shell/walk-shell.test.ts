import { beforeEach, describe, expect, it, vi } from "vitest";
import { walkShell } from "@/lib/guard/shell/walk-shell";

const ENV = { HOME: "/home/dana", RAILWAY_TOKEN: "not-a-real-token" };

/** The texts handed to tree-sitter: a literal command, and the literal code a shell is given, are not. */
const parsed = vi.hoisted(() => ({ sources: [] as string[] }));
vi.mock("@/lib/guard/shell/parse-bash", async (importOriginal) => {
  const actual = await importOriginal<typeof import("@/lib/guard/shell/parse-bash")>();
  return {
    ...actual,
    parseBash: (source: string) => {
      parsed.sources.push(source);
      return actual.parseBash(source);
    },
  };
});
beforeEach(() => {
  parsed.sources.length = 0;
});

describe("walkShell reads literal commands as the tree walk does", () => {
  // `cmd;` is the same simple command, but not literal: it goes through tree-sitter.
  it.each([
    "ls -la",
    "git status",
    "git push --force origin main",
    "rm -rf /srv/data",
    "FOO=1 npm run build",
    "A=1 B=2",
    "env TOKEN=abc railway run npx prisma migrate reset --force",
    "sudo -u postgres dropdb orders",
    "npx -y @railway/cli@3 volume delete vol-1",
    "xargs rm",
    "timeout 5 terraform destroy -auto-approve",
    "/usr/bin/node /opt/blastmap/bin/blastmap.mjs guard hook --agent cursor",
    `curl -X POST https://backboard.railway.com/graphql/v2 -H "Authorization: Bearer not-a-real-token" -d '{"query":"mutation { volumeDelete(volumeId: \\"v\\") }"}'`,
    `git commit -m "drop the table"`,
    `psql -c 'DROP TABLE orders'`,
    `TOKEN='not a real token' bash -c 'psql -c "DROP TABLE orders"'`,
    `sh -c "git push --force origin main"`,
    `eval 'rm -rf /srv/data'`,
  ])("%s", async (command) => {
    const literal = await walkShell(command, ENV, "/work/repo");
    expect(parsed.sources).toEqual([]);
    const tree = await walkShell(`${command};`, ENV, "/work/repo");
    expect(parsed.sources.length).toBeGreaterThan(0);
    expect(tree.parseFailed).toBeUndefined();
    expect(literal).toEqual(tree);
  });

  it("parses with tree-sitter the code a shell is given when it is not literal", async () => {
    const walk = await walkShell(`bash -c 'psql -c "DROP TABLE orders" && echo done'`, ENV, "/work/repo");
    expect(parsed.sources).toEqual([`psql -c "DROP TABLE orders" && echo done`]);
    expect(walk.commands.map((c) => c.name)).toEqual(["psql", "echo"]);
  });
});
