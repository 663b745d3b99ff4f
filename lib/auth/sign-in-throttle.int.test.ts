/**
 * The sign-in throttle holds across server processes sharing one database: its counts are the audit log's
 * failed sign-ins, not a process's memory. Two processes hit by one burst each check one attempt at a
 * time, so together they verify at most ACCOUNT_FAILURE_LIMIT - 1 + 2 guesses (SECURITY.md, "Sign-in
 * throttling"). Postgres and Neon only: the embedded database is opened by one process at a time (skipped).
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createPasswordUser } from "@/lib/auth/manage-users";
import { signInWithPassword } from "@/lib/auth/password-sign-in";
import { ACCOUNT_FAILURE_LIMIT } from "@/lib/auth/sign-in-throttle";
import type { DatabaseHandle } from "@/lib/db/client";
import { describeEachDriver } from "@/lib/db/testing/drivers";

const run = promisify(execFile);
const PASSWORD = "correct horse battery staple";
const PROCESSES = 2;
const BURST = 10;

/** A burst of wrong passwords on `username` from another Node process; its answers. */
async function burstFromAnotherProcess(url: string, username: string): Promise<string[]> {
  const { stdout } = await run(process.execPath, ["--import", "tsx", "lib/auth/testing/sign-in-burst.ts", url, username, String(BURST)], { timeout: 60_000 });
  return JSON.parse(stdout) as string[];
}

describeEachDriver("sign-in throttle across processes", (testDb) => {
  let handle: DatabaseHandle & { url?: string };
  beforeAll(async () => {
    handle = await testDb.create();
    await createPasswordUser(handle.db, { id: 0, name: "test", address: null }, { username: "erin", password: PASSWORD, role: "viewer", approver: false });
  });
  afterAll(async () => handle?.close());

  it("counts the failures of every process, and a burst over two verifies at most limit - 1 + 2 guesses", { timeout: 120_000 }, async () => {
    // The Neon handle's URL is the same server's database: the child processes reach it with node-postgres.
    const answers = (await Promise.all(Array.from({ length: PROCESSES }, () => burstFromAnotherProcess(handle.url!, "erin")))).flat();
    const verified = answers.filter((answer) => answer === "Wrong username or password.").length;
    expect(answers.filter((answer) => answer !== "Wrong username or password." && !answer.startsWith("Too many attempts"))).toEqual([]);
    expect(verified).toBeGreaterThanOrEqual(ACCOUNT_FAILURE_LIMIT);
    expect(verified).toBeLessThanOrEqual(ACCOUNT_FAILURE_LIMIT - 1 + PROCESSES);
    // This process made no attempt: the other processes' failures lock the account here too.
    await expect(signInWithPassword(handle.db, { username: "erin", password: PASSWORD, address: "198.51.100.20" })).rejects.toThrow(/^Too many attempts/);
  });
}, ["pg", "neon"]); // the embedded database opens in one process only
