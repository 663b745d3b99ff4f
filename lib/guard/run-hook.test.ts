import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFakeSecrets } from "@/lib/credentials/testing/fake-secrets";
import { loadCorpusEstate, type CorpusEstate } from "@/lib/guard/corpus/run-corpus";
import { guardPolicySchema } from "@/lib/guard/policy";
import { runGuardHook, type RunGuardHookInput } from "@/lib/guard/run-hook";
import { DEMO_FINGERPRINT_KEY } from "@/lib/guard/testing/demo-snapshot";
import { readAnswer, shellPayload } from "@/lib/guard/testing/hook-payloads";
import { GUARD_AGENTS, type GuardAgent } from "@/lib/guard/types";

const RW = "https://backboard.railway.app/graphql/v2";
const INCIDENT = `curl ${RW} -H "Authorization: Bearer {TOKEN}" -d '{"query":"mutation { volumeDelete(volumeId: \\"v\\") }"}'`;

let estate: CorpusEstate;
let tmp: string;
beforeAll(async () => {
  estate = await loadCorpusEstate();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "guard-hook-"));
}, 60_000);
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function run(command: string, options: Partial<RunGuardHookInput> & { agent?: GuardAgent; cwd?: string } = {}) {
  const agent = options.agent ?? "claude-code";
  const cwd = options.cwd ?? estate.storefront;
  return runGuardHook({
    agent,
    stdin: JSON.stringify(shellPayload(agent, estate.fill(command), { cwd, workspaceRoots: [estate.storefront] })),
    env: estate.env,
    cwd,
    snapshot: estate.snapshot,
    fingerprintKey: DEMO_FINGERPRINT_KEY,
    log: false,
    ...options,
  });
}

function policyFile(name: string, content: string): Record<string, string> {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, content);
  return { ...estate.env, BLASTMAP_GUARD_POLICY: file };
}

describe("the policy file", () => {
  it("is read as JSON: a class answer applies", async () => {
    const result = await run(INCIDENT, { env: policyFile("deny-d1.json", JSON.stringify({ classes: { D1: "deny" } })) });
    expect(result.decision.verdict).toBe("deny");
    expect(result.decision.reason).toMatch(/Blocked by the guard policy\.$/);
  });

  it("is read as YAML, comments and all: an allow rule lets the named operation through", async () => {
    const yaml = "# the storefront team may recreate volumes\nallow:\n  - provider: railway\n    action: volumeDelete\n    reason: the volume runbook\n";
    const result = await run(INCIDENT, { env: policyFile("allow.yaml", yaml) });
    expect(result.decision.verdict).toBe("allow");
    expect(result.decision.reason).toMatch(/Allowed by the volume runbook\.$/);
  });

  describe("a malformed policy", () => {
    const cases = [
      ["broken.json", '{"classes": {"D1": "allow",}', /does not parse as JSON/],
      ["broken.yaml", "classes:\n  D1: [allow\n", /does not parse as YAML/],
      ["wrong-answer.json", JSON.stringify({ classes: { D1: "block" } }), /is invalid: classes\.D1 must be one of "allow", "ask", "approval", "deny"/],
      ["unknown-key.json", JSON.stringify({ allow: [{ provder: "railway" }] }), /is invalid: allow\.0 has unknown key provder/],
    ] as const;
    for (const [name, content, message] of cases) {
      it(`${name}: blocks what destroys, saying what is wrong with the file`, async () => {
        const result = await run(INCIDENT, { env: policyFile(name, content) });
        expect(result.decision.verdict).toBe("approval");
        expect(result.decision.reason).toMatch(message);
        expect(result.decision.reason).toMatch(/until it is fixed, the guard blocks every call it would not allow\.$/);
      });
    }

    it("turns what would be asked into a block (the file may have held stricter rules)", async () => {
      const result = await run("kubectl -n prod delete deployment/api", { env: policyFile("broken2.json", "{") });
      expect(result.decision.verdict).toBe("approval");
      expect(readAnswer("claude-code", result).answer).toBe("deny");
    });

    it("still lets harmless calls through", async () => {
      const result = await run("ls -la && git status", { env: policyFile("broken3.json", "{") });
      expect(result.decision.verdict).toBe("allow");
    });
  });
});

describe("allow rules", () => {
  const policy = (rule: Record<string, string>) => guardPolicySchema.parse({ allow: [{ ...rule, reason: "the rule" }] });
  const DROP = `psql "$DATABASE_URL" -c "DROP TABLE orders"`;

  it("by agent: only the named agent's calls", async () => {
    const p = policy({ agent: "claude-code", action: "DROP TABLE" });
    expect((await run(DROP, { policy: p })).decision.verdict).toBe("allow");
    expect((await run(DROP, { policy: p, agent: "cursor" })).decision.verdict).toBe("approval");
  });

  it("by workspace: only calls whose directory is inside it", async () => {
    expect((await run(DROP, { policy: policy({ workspace: estate.storefront, action: "DROP TABLE" }) })).decision.verdict).toBe("allow");
    expect((await run(DROP, { policy: policy({ workspace: path.join(estate.home, "projects", "other"), action: "DROP TABLE" }) })).decision.verdict).toBe("approval");
  });

  it("by resource: only the named target", async () => {
    expect((await run(DROP, { policy: policy({ provider: "postgres", resource: "orders" }) })).decision.verdict).toBe("allow");
    expect((await run(DROP.replace("orders", "users"), { policy: policy({ provider: "postgres", resource: "orders" }) })).decision.verdict).toBe("approval");
  });

  it("by action: another action of the same provider is still decided by its class", async () => {
    const p = policy({ provider: "postgres", action: "TRUNCATE" });
    expect((await run(`psql "$DATABASE_URL" -c "TRUNCATE orders"`, { policy: p })).decision.verdict).toBe("allow");
    expect((await run(DROP, { policy: p })).decision.verdict).toBe("approval");
  });
});

describe("a credential found outside the agent's workspace", () => {
  it("denies even a write with it (the token in ~/.railway is not part of this task)", async () => {
    const result = await run(`curl ${RW} -H "Authorization: Bearer deadbeef-de00-4000-8000-00000000fa4e" -d '{"query":"mutation { customDomainCreate(input: {domain: \\"a.example\\"}) { id } }"}'`);
    expect(result.decision.verdict).toBe("deny");
    expect(result.decision.reason).toContain("The credential was found outside this agent's workspace (~/.railway/config.json)");
    expect(result.stdout).not.toContain("deadbeef-de00-4000-8000-00000000fa4e");
  });

  it("the same write with the workspace's own token passes", async () => {
    const result = await run(`curl ${RW} -H "Authorization: Bearer {TOKEN}" -d '{"query":"mutation { customDomainCreate(input: {domain: \\"a.example\\"}) { id } }"}'`);
    expect(result.decision.verdict).toBe("allow");
  });
});

describe("the decision log", () => {
  it("appends one JSON line per call, with the verdict and what the agent was told, and no secret", async () => {
    const log = path.join(tmp, "decisions.jsonl");
    const canary = createFakeSecrets(4242).planted.githubClassic().secret;
    await run(INCIDENT, { log });
    await run(`curl -X DELETE -H "Authorization: token ${canary}" https://api.github.com/repos/acme/shop`, { log, agent: "codex" });
    await run("ls", { log, agent: "windsurf" });
    const text = fs.readFileSync(log, "utf8");
    const lines = text.trim().split("\n").map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.map((l) => [l.agent, l.verdict, l.answered])).toEqual([
      ["claude-code", "approval", "deny"],
      ["codex", "approval", "deny"],
      ["windsurf", "allow", "allow"],
    ]);
    expect(lines[0]).toMatchObject({ action: "volumeDelete", class: "D1", credential: { preview: "fa4e…cafe", provider: "railway" } });
    expect(lines[0].callHash).toMatch(/^[0-9a-f]{64}$/);
    for (const secret of [canary, ...estate.secrets.filter((s) => s.length >= 8)]) expect(text).not.toContain(secret);
    expect(text).not.toContain("volumeDelete(volumeId"); // never the command text
    expect(fs.statSync(log).mode & 0o777).toBe(0o600);
  });

  it("a secret the analysis did not take for a credential (a file named after it) is redacted in faults too", async () => {
    const log = path.join(tmp, "faults.jsonl");
    const canary = createFakeSecrets(4343).planted.githubClassic().secret;
    const result = await run(`sh OKEN=${canary}`, { log });
    const text = fs.readFileSync(log, "utf8");
    expect(text).toContain("cannot be read"); // the fault is logged, with the path's secret-shaped word redacted
    expect(text + result.stdout + result.stderr).not.toContain(canary);
  });

  it("a token in the tool's name or the folder, as a mangled hook input puts them, is redacted there too", async () => {
    const log = path.join(tmp, "mangled.jsonl");
    const canary = createFakeSecrets(4444).planted.githubClassic().secret;
    const stdin = JSON.stringify({
      session_id: "s",
      cwd: `/work/${canary}/project`,
      hook_event_name: "PreToolUse",
      tool_name: `and":"curl -H \"Authorization: Bearer ${canary}\" https://api.github.com/user`,
      tool_input: {},
    });
    const result = await runGuardHook({ agent: "claude-code", stdin, env: estate.env, cwd: estate.storefront, snapshot: estate.snapshot, fingerprintKey: DEMO_FINGERPRINT_KEY, log });
    const text = fs.readFileSync(log, "utf8");
    expect(JSON.parse(text.trim())).toMatchObject({ agent: "claude-code", tool: expect.stringContaining("curl") });
    expect(text + result.stdout + result.stderr).not.toContain(canary);
  });

  it("a log that cannot be written changes nothing in the decision", async () => {
    const result = await run(INCIDENT, { log: path.join(estate.storefront, ".env", "decisions.jsonl") });
    expect(result.decision.verdict).toBe("approval");
    expect(result.stderr).toMatch(/^the decision log .* cannot be written \(E[A-Z]+\)$/);
    expect(JSON.parse(result.stdout).hookSpecificOutput.permissionDecision).toBe("deny");
  });
});

describe("bad input and faults: never a crash, never an allow of what would have been blocked", () => {
  it("malformed stdin is denied in every agent's own terms", async () => {
    for (const agent of GUARD_AGENTS) {
      for (const stdin of ["", "{not json", "[1,2]", JSON.stringify({ hello: "world" }), "x".repeat(3 * 1024 * 1024)]) {
        const result = await runGuardHook({ agent, stdin, env: estate.env, cwd: estate.storefront, snapshot: estate.snapshot, fingerprintKey: DEMO_FINGERPRINT_KEY, log: false });
        const { answer, reason } = readAnswer(agent, result);
        expect(answer, `${agent} ${stdin.slice(0, 20)}`).toBe("deny");
        expect(reason).toMatch(/could not read the hook input|could not analyse this call/);
      }
    }
  });

  it("an unknown tool whose name destroys is decided; the agents' own file tools pass", async () => {
    const stdin = (tool: string, input: object) => JSON.stringify({ session_id: "s", cwd: estate.storefront, hook_event_name: "PreToolUse", tool_name: tool, tool_input: input });
    const base = { agent: "claude-code" as const, env: estate.env, cwd: estate.storefront, snapshot: estate.snapshot, fingerprintKey: DEMO_FINGERPRINT_KEY, log: false as const };
    const drop = await runGuardHook({ ...base, stdin: stdin("DropDatabase", { name: "prod" }) });
    expect(drop.decision.verdict).not.toBe("allow");
    expect(drop.decision.reason).toContain("DropDatabase (D1, not in the catalogue)");
    for (const tool of ["Read", "Edit", "Write", "Glob", "Grep", "WebFetch", "TodoWrite"]) {
      expect((await runGuardHook({ ...base, stdin: stdin(tool, { file_path: "README.md" }) })).decision.verdict).toBe("allow");
    }
  });

  it("an unreadable snapshot: destructive calls are still blocked by the catalogue, saying why; harmless ones pass", async () => {
    const bad = path.join(tmp, "snapshot.json");
    fs.writeFileSync(bad, "{ not json");
    const env = { ...estate.env, BLASTMAP_GUARD_SNAPSHOT: bad };
    const incident = await run(INCIDENT, { env, snapshot: undefined, fingerprintKey: undefined });
    expect(incident.decision.verdict).toBe("approval");
    expect(incident.decision.reason).toContain(`(No guard snapshot: The guard snapshot ${bad} is not JSON.`);
    expect((await run("ls -la", { env, snapshot: undefined, fingerprintKey: undefined })).decision.verdict).toBe("allow");
  });

  it("a referenced file that cannot be read: the call is still decided by what it does", async () => {
    const result = await run(`source .env/nested.sh && curl ${RW} -H "Authorization: Bearer $RAILWAY_TOKEN" -d '{"query":"mutation { volumeDelete(volumeId: \\"v\\") }"}'`);
    expect(result.decision.verdict).toBe("approval");
    // What the unreadable file would have set is code the guard cannot see, with a credential in reach.
    const unseen = await run(`source .env/nested.sh && ls`);
    expect(unseen.decision.verdict).toBe("ask");
    expect(unseen.decision.reason).toMatch(/^Code the guard cannot see \(source \.env\/nested\.sh could not be read\)/);
  });

  it("a command that does not parse as shell is asked about when a credential is in reach", async () => {
    const result = await run(`psql "$DATABASE_URL" -c "drop table users`);
    expect(result.decision.verdict).not.toBe("allow");
  });
});

describe("the guard's own files (self-tamper)", () => {
  const base = () => ({ env: estate.env, cwd: estate.storefront, snapshot: estate.snapshot, fingerprintKey: DEMO_FINGERPRINT_KEY, log: false as const });
  const policyFile = () => path.join(estate.storefront, ".blastmap", "guard-policy.json");

  it("a file tool writing the policy or a hook config is asked about (Claude Code) or denied (the others)", async () => {
    const claude = await runGuardHook({ ...base(), agent: "claude-code", stdin: JSON.stringify({ session_id: "s", cwd: estate.storefront, hook_event_name: "PreToolUse", tool_name: "Write", tool_input: { file_path: policyFile(), content: "{}" } }) });
    expect(claude.decision).toMatchObject({ verdict: "ask", action: "change the guard's own policy or hooks", class: "D4" });
    expect(claude.decision.reason).toMatch(/^change the guard's own policy or hooks \(D4, not in the catalogue\) on \.blastmap\/guard-policy\.json\./);
    const gemini = await runGuardHook({ ...base(), agent: "gemini", stdin: JSON.stringify({ session_id: "s", cwd: estate.storefront, hook_event_name: "BeforeTool", tool_name: "write_file", tool_input: { file_path: "~/.gemini/settings.json", content: "{}" } }) });
    expect(readAnswer("gemini", gemini).answer).toBe("deny");
    const patch = "*** Begin Patch\n*** Update File: .codex/config.toml\n@@\n-[[hooks.PreToolUse]]\n*** End Patch";
    const codex = await runGuardHook({ ...base(), agent: "codex", stdin: JSON.stringify({ session_id: "s", cwd: estate.storefront, hook_event_name: "PreToolUse", tool_name: "apply_patch", tool_input: { command: patch } }) });
    expect(readAnswer("codex", codex).answer).toBe("deny");
  });

  it("Windsurf's pre_write_code on a hook config is blocked with exit code 2", async () => {
    const stdin = JSON.stringify({ agent_action_name: "pre_write_code", trajectory_id: "t", execution_id: "e", timestamp: "2026-12-06T08:00:00Z", tool_info: { file_path: path.join(estate.storefront, ".windsurf", "hooks.json"), edits: [{ old_string: "a", new_string: "" }] } });
    const result = await runGuardHook({ ...base(), agent: "windsurf", stdin });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/^change the guard's own policy or hooks \(D4/);
  });

  it("other files pass", async () => {
    const edit = await runGuardHook({ ...base(), agent: "claude-code", stdin: JSON.stringify({ session_id: "s", cwd: estate.storefront, hook_event_name: "PreToolUse", tool_name: "Edit", tool_input: { file_path: path.join(estate.storefront, "README.md"), old_string: "a", new_string: "b" } }) });
    expect(edit.decision.verdict).toBe("allow");
  });
});

describe("files the command writes before it reads them", () => {
  it("a GraphQL body printed to a file and sent from it is read", async () => {
    const result = await run(`printf '%s' '{"query":"mutation { projectDelete(id: \\"p\\") }"}' > /tmp/q.json; curl ${RW} -H "Authorization: Bearer {TOKEN}" --data @- < /tmp/q.json`);
    expect(result.decision.reason).toMatch(/^projectDelete \(D1\) with the Railway account token fa4e…cafe/);
  });

  it("a script written by a heredoc and then run is walked", async () => {
    const result = await run(`cat > /tmp/x.sh <<'EOF'\nkubectl delete ns prod\nEOF\nbash /tmp/x.sh`);
    expect(result.decision).toMatchObject({ verdict: "approval", action: "delete namespaces", class: "D1" });
  });
});

describe("package.json scripts", () => {
  it("npm run, pnpm and yarn run the script in package.json (and its pre script); a bin runs when there is none", async () => {
    const app = path.join(tmp, "app");
    fs.mkdirSync(app, { recursive: true });
    fs.writeFileSync(path.join(app, "package.json"), JSON.stringify({ scripts: { "db:reset": "prisma migrate reset --force", prebuild: `psql "$DATABASE_URL" -c 'TRUNCATE orders'`, build: "next build", test: "vitest run" } }));
    // The app sits outside the demo workspace: a credential named in the command is denied outright there.
    const inApp = { cwd: app };
    const blocked = expect.stringMatching(/^(approval|deny)$/);
    expect((await run("npm run db:reset", inApp)).decision).toMatchObject({ verdict: blocked, action: "prisma migrate reset" });
    expect((await run("pnpm db:reset", inApp)).decision).toMatchObject({ verdict: blocked, action: "prisma migrate reset" });
    expect((await run("yarn run build", inApp)).decision).toMatchObject({ verdict: blocked, action: "TRUNCATE" });
    expect((await run("pnpm prisma migrate reset", inApp)).decision).toMatchObject({ verdict: blocked, action: "prisma migrate reset" });
    expect((await run("npm test && pnpm install", inApp)).decision.verdict).toBe("allow");
  });
});
