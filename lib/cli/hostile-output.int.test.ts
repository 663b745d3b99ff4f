/**
 * Hostile collected data through the CLI: a batch whose names hold terminal escapes, bidi controls,
 * newlines, markup and a megabyte-long name is ingested, and `agents`, `reach` and `findings` print
 * tables in which every line is printable text of bounded width, one row per record.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { MAX_TERMINAL_TEXT } from "@/lib/cli/terminal-text";
import { HOSTILE_STRINGS, hostileBatch } from "@/lib/graph/testing/hostile-batch";

const BIN = path.resolve("bin/blastmap.mjs");
const work = fs.mkdtempSync(path.join(os.tmpdir(), "blastmap-hostile-cli-"));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

/** What a terminal would act on instead of printing (the line breaks between rows aside). */
const ACTS_ON_TERMINAL = /[\p{Cc}\p{Bidi_Control}\u2028\u2029]/u;

function blastmap(args: string[]) {
  return spawnSync(BIN, args, { env: { ...process.env, BLASTMAP_DATA_DIR: path.join(work, "data"), DATABASE_URL: "" }, encoding: "utf8", cwd: work, maxBuffer: 64 << 20 });
}

function expectPrintable(output: string): void {
  for (const line of output.split("\n")) {
    expect(line).not.toMatch(ACTS_ON_TERMINAL);
    // Five bounded cells and their padding: a megabyte name never makes a megabyte line.
    expect(line.length).toBeLessThanOrEqual(5 * (MAX_TERMINAL_TEXT + 2) + 20);
  }
}

describe("hostile names in the CLI's tables [pglite]", () => {
  it("are printed as visible text, one row each, bounded", { timeout: 300_000 }, () => {
    const file = path.join(work, "hostile.json");
    // And a record that does not fit, naming a node by a hostile key: left out, and said so in plain text.
    const batch = hostileBatch();
    const agent = batch.nodes.find((n) => n.kind === "agent")!;
    batch.edges.push({ kind: "can_read", src: { kind: agent.kind, key: agent.key }, dst: { kind: "file", key: `\u001b]0;pwned\u0007\u202e${"x".repeat(5000)}` } });
    fs.writeFileSync(file, JSON.stringify(batch));
    const ingest = blastmap(["ingest", file, "--source", "hostile"]);
    expect(ingest.status, ingest.stderr).toBe(0);
    expect(ingest.stderr).toMatch(/warning: edges\[\d+\]\.dst: no node file ".*" in this batch .*left out/);

    const agents = blastmap(["agents"]);
    expect(agents.status, agents.stderr).toBe(0);
    expectPrintable(agents.stdout);
    // The table, then a blank line and what the counts mean.
    const agentRows = agents.stdout.split("\n\n")[0].split("\n").slice(2);
    expect(agentRows).toHaveLength(Object.keys(HOSTILE_STRINGS).length);
    expect(agents.stdout).toContain("invoice\\u202Egpj.exe\\u202C");
    expect(agents.stdout).toContain("first line\\nsecond line");

    for (const row of agentRows) {
      const id = row.split(/\s+/)[0];
      const reach = blastmap(["reach", "--agent", id]);
      expect(reach.status, reach.stderr).toBe(0);
      expectPrintable(reach.stdout);
    }
    const findings = blastmap(["findings"]);
    expect(findings.status, findings.stderr).toBe(0);
    expectPrintable(findings.stdout);
    expectPrintable(findings.stderr + agents.stderr + ingest.stderr);
  });
});
