import { describe, expect, it } from "vitest";
import { walkShell } from "@/lib/guard/shell/walk-shell";

const ENV = { HOME: "/home/dana", RAILWAY_TOKEN: "not-a-real-token" };

describe("walkShell reads plain words as the tree walk does", () => {
  // `cmd;` is the same simple command, but not plain words: it goes through tree-sitter.
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
  ])("%s", async (command) => {
    const plain = await walkShell(command, ENV, "/work/repo");
    const tree = await walkShell(`${command};`, ENV, "/work/repo");
    expect(tree.parseFailed).toBeUndefined();
    expect(plain).toEqual(tree);
  });
});
