/**
 * Fuzz: a pre-call hook reads whatever the agent writes on stdin. For every agent protocol, any stdin
 * (each agent's documented payloads, mutated, or random) gets an answer in that protocol — never an
 * exception — and neither the answer nor the decision log quotes a secret from the input.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { runGuardHook } from "@/lib/guard/run-hook";
import { mcpPayload, readAnswer, shellPayload } from "@/lib/guard/testing/hook-payloads";
import { GUARD_AGENTS } from "@/lib/guard/types";
import { FUZZ_CANARY, fuzzOptions, fuzzText } from "@/lib/testing/fuzz";

const home = fs.mkdtempSync(path.join(os.tmpdir(), "blastmap-hook-fuzz-"));
afterAll(() => fs.rmSync(home, { recursive: true, force: true }));
const logFile = path.join(home, "decisions.jsonl");
const ctx = { cwd: path.join(home, "project") };

describe("guard hook stdin, fuzzed", () => {
  for (const agent of GUARD_AGENTS) {
    it(`${agent}: any stdin gets an answer in the protocol, and no secret comes back`, async () => {
      const samples = [
        JSON.stringify(shellPayload(agent, `curl -H "Authorization: Bearer ${FUZZ_CANARY}" https://api.github.com/user`, ctx)),
        JSON.stringify(shellPayload(agent, `GITHUB_TOKEN=${FUZZ_CANARY} gh repo delete acme/shop --yes`, ctx)),
        JSON.stringify(mcpPayload(agent, { server: "github", tool: "delete_repository", input: { token: FUZZ_CANARY, repo: "acme/shop" } }, ctx)),
      ];
      await fc.assert(
        fc.asyncProperty(fuzzText(samples), async (stdin) => {
          const result = await runGuardHook({ agent, stdin, env: { HOME: home }, cwd: ctx.cwd, snapshot: null, log: logFile });
          expect(["allow", "ask", "approval", "deny"]).toContain(result.decision.verdict);
          expect(["allow", "ask", "deny"]).toContain(readAnswer(agent, result).answer);
          expect(result.stdout + result.stderr).not.toContain(FUZZ_CANARY);
        }),
        { ...fuzzOptions, numRuns: Math.ceil(fuzzOptions.numRuns / 3) },
      );
      const log = fs.existsSync(logFile) ? fs.readFileSync(logFile, "utf8") : "";
      expect(log).not.toContain(FUZZ_CANARY);
    });
  }
});
