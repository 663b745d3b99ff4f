import { describe, expect, it } from "vitest";
import { main } from "@/lib/cli/main";
import { COLLECTOR_NAMES } from "@/lib/collectors/registry";

async function run(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (text) => void out.push(text), err: (line) => void err.push(line) });
  return { code, out: out.join(""), err: err.join("\n") };
}

describe("--help on every subcommand", () => {
  it.each([["collect"], ["push"], ["ingest"], ["analyze"], ["agents"], ["reach"], ["findings"]])("blastmap %s --help prints its usage and exits 0", async (command) => {
    for (const flag of ["--help", "-h"]) {
      const result = await run([command, flag]);
      expect(result.code).toBe(0);
      expect(result.out).toContain(`blastmap ${command}`);
      expect(result.err).toBe("");
    }
  });

  it.each(COLLECTOR_NAMES.map((name) => [name]))("blastmap collect %s --help prints that collector's options", async (name) => {
    const result = await run(["collect", name, "--help"]);
    expect(result.code).toBe(0);
    expect(result.out).toContain(`blastmap collect ${name}`);
  });

  it("answers help even next to other flags, and still refuses an unknown option", async () => {
    expect((await run(["collect", "workspace", "--root", ".", "--help"])).code).toBe(0);
    expect((await run(["push", "--help", "batch.json"])).out).toContain("--server URL");
    expect((await run(["push", "--nope"])).code).toBe(2);
  });
});
