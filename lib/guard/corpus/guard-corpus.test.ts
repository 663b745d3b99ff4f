import { beforeAll, describe, expect, it } from "vitest";
import { GUARD_CORPUS } from "@/lib/guard/corpus/guard-corpus";
import { loadCorpusEstate, runCorpusCall, type CorpusEstate } from "@/lib/guard/corpus/run-corpus";

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

  for (const agent of ["claude-code", "cursor"] as const) {
    describe(agent, () => {
      for (const call of GUARD_CORPUS) {
        it(`${call.expect === "block" ? "stops" : "lets through"} ${call.id}`, async () => {
          const result = await runCorpusCall(agent, call, estate);
          expect(result.decision.verdict === "allow" ? "pass" : "block", result.decision.reason).toBe(call.expect);
          const answer = JSON.parse(result.stdout) as Record<string, unknown>;
          const said = agent === "claude-code" ? (answer.hookSpecificOutput as { permissionDecision: string }).permissionDecision : String(answer.permission);
          expect(said).toMatch(call.expect === "pass" ? /^allow$/ : /^(ask|deny)$/);
          for (const secret of estate.secrets.filter((s) => s.length >= 8)) {
            expect(result.stdout).not.toContain(secret);
            expect(result.stderr).not.toContain(secret);
          }
        });
      }
    });
  }

  it("names the incident's token, the file it came from, and what dies with the volume", async () => {
    const call = GUARD_CORPUS.find((c) => c.id === "incident-sourced-token")!;
    const result = await runCorpusCall("claude-code", call, estate);
    const out = JSON.parse(result.stdout).hookSpecificOutput;
    expect(out.permissionDecision).toBe("deny");
    expect(out.permissionDecisionReason).toMatch(/^volumeDelete \(D1\).* with the Railway account token fa4e…cafe from scripts\/custom-domains\.sh: it can volumeDelete every Railway volume this token can see, and volume backups die with it\. Approval required/);
  });
});
