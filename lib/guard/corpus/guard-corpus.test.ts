import { beforeAll, describe, expect, it } from "vitest";
import { GUARD_CORPUS } from "@/lib/guard/corpus/guard-corpus";
import { loadCorpusEstate, runCorpusCall, type CorpusEstate } from "@/lib/guard/corpus/run-corpus";
import { readAnswer } from "@/lib/guard/testing/hook-payloads";
import { GUARD_AGENTS } from "@/lib/guard/types";

let estate: CorpusEstate;
beforeAll(async () => {
  estate = await loadCorpusEstate();
}, 60_000);

describe("the guard corpus", () => {
  it("has at least 60 calls across shell, HTTP, SQL, kubectl, aws, terraform, git and MCP", () => {
    expect(GUARD_CORPUS.length).toBeGreaterThanOrEqual(60);
    for (const area of ["shell", "http", "sql", "kubectl", "aws", "terraform", "git", "mcp", "bypass", "look-alike"]) {
      expect(GUARD_CORPUS.some((c) => c.area === area)).toBe(true);
    }
  });

  // Every call through every agent's own payload and answer: a block blocks in the agent's terms (deny
  // JSON, or exit code 2 for Windsurf), "ask" only where the agent honours it (Claude Code), never to Codex.
  for (const agent of GUARD_AGENTS) {
    describe(agent, () => {
      for (const call of GUARD_CORPUS) {
        it(`${call.expect === "block" ? "stops" : "lets through"} ${call.id}`, async () => {
          const result = await runCorpusCall(agent, call, estate);
          expect(result.decision.verdict === "allow" ? "pass" : "block", result.decision.reason).toBe(call.expect);
          const { answer, reason } = readAnswer(agent, result);
          if (call.expect === "pass") expect(answer).toBe("allow");
          else {
            expect(answer).toMatch(agent === "claude-code" ? /^(ask|deny)$/ : /^deny$/);
            expect(reason).toEqual(answer === "deny" && result.decision.verdict === "ask" ? expect.stringContaining("cannot ask you") : expect.any(String));
          }
          for (const secret of estate.secrets.filter((s) => s.length >= 8)) {
            expect(result.stdout).not.toContain(secret);
            expect(result.stderr).not.toContain(secret);
          }
        });
      }
    });
  }

  it("gives every call a reason a person can act on (PRINT_REASONS=1 prints them)", async () => {
    const lines: string[] = [];
    for (const call of GUARD_CORPUS) {
      const { decision } = await runCorpusCall("claude-code", call, estate);
      const reason = decision.reason;
      lines.push(`${call.id} [${decision.verdict}] ${reason}`);
      expect(reason, call.id).toMatch(/^[\w$(].*[.)]$/s);
      expect(reason, call.id).not.toMatch(/undefined|null|\[object|NaN| {2}|\.\.(?!\.)/);
      expect(reason.length, call.id).toBeLessThan(420);
      if (decision.verdict === "allow") continue;
      // What to do about it: approve, confirm, or know it is blocked by policy.
      expect(reason, call.id).toMatch(/Approval required: a person can run it|Confirm only if this is what you intended|Blocked by the guard policy/);
      // A reason that says what the credential reaches does not also dump the call's arguments.
      if (reason.includes(": it can ")) expect(reason, call.id).not.toMatch(/ on [\w.-]+: /);
    }
    if (process.env.PRINT_REASONS === "1") console.log(lines.join("\n"));
  }, 60_000);

  it("names the incident's token, the file it came from, and what dies with the volume", async () => {
    const call = GUARD_CORPUS.find((c) => c.id === "incident-sourced-token")!;
    const result = await runCorpusCall("claude-code", call, estate);
    const out = JSON.parse(result.stdout).hookSpecificOutput;
    expect(out.permissionDecision).toBe("deny");
    expect(out.permissionDecisionReason).toBe(
      "volumeDelete (D1) with the Railway account token fa4e…cafe from scripts/custom-domains.sh: it can delete every volume this token can see, and their backups die with them. Approval required: a person can run it, or allow it in the guard policy (.blastmap/guard-policy.json).",
    );
  });
});
