/**
 * `blastmap guard hook` through the real bin, as an agent runs it: the first call answers in its own
 * process and starts the warm daemon; the next is answered by the daemon, with the same answer. The
 * daemon is given a short idle time here, so it leaves by itself.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { demoWorkspaceConfig } from "@/lib/demo";

const BIN = path.resolve("bin/blastmap.mjs");
let home: string;

beforeAll(() => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), "gh-"));
  fs.mkdirSync(path.join(home, ".blastmap", "guard"), { recursive: true, mode: 0o700 });
});
afterAll(() => fs.rmSync(home, { recursive: true, force: true }));

function hook(command: string) {
  const stdin = JSON.stringify({ session_id: "t", cwd: demoWorkspaceConfig().roots[0], hook_event_name: "PreToolUse", tool_name: "Bash", tool_input: { command } });
  return spawnSync(process.execPath, [BIN, "guard", "hook", "--agent", "claude-code"], {
    input: stdin,
    env: { PATH: process.env.PATH, HOME: home, BLASTMAP_GUARD_DAEMON_IDLE_MS: "3000" } as unknown as NodeJS.ProcessEnv,
    cwd: demoWorkspaceConfig().roots[0],
    encoding: "utf8",
  });
}

it("answers the same from its own process and from the warm daemon it started", { timeout: 120_000 }, async () => {
  // No snapshot: the guard still classifies by the catalogue and fails closed for D1.
  const call = `curl -X POST https://backboard.railway.com/graphql/v2 -d '{"query":"mutation { volumeDelete(volumeId: \\"v1\\") }"}'`;
  const cold = hook(call);
  expect(cold.status, cold.stderr).toBe(0);
  expect(JSON.parse(cold.stdout).hookSpecificOutput.permissionDecision).toBe("deny");
  const guardDir = path.join(home, ".blastmap", "guard");
  await expect.poll(() => fs.readdirSync(guardDir).some((f) => f.startsWith("hookd-") && f.endsWith(".sock")), { timeout: 30_000 }).toBe(true);
  const warm = hook(call);
  expect(warm.status).toBe(0);
  expect(warm.stdout).toBe(cold.stdout);
  // Both calls were logged, one line each.
  expect(fs.readFileSync(path.join(guardDir, "decisions.jsonl"), "utf8").trim().split("\n")).toHaveLength(2);
  // The daemon leaves after its idle time and takes its socket with it.
  await expect.poll(() => fs.readdirSync(guardDir).some((f) => f.endsWith(".sock")), { timeout: 30_000 }).toBe(false);
});
