import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { askGuardDaemon, guardDaemonSocket, isPrivateFolder, type DaemonRequest } from "@/lib/guard/daemon/client";
import { serveGuardHooks, type HookRunner } from "@/lib/guard/daemon/server";

let dir: string;
beforeEach(() => {
  // Short: a Unix socket path must stay under ~100 bytes.
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "gd-"));
  fs.chmodSync(dir, 0o700);
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const request: DaemonRequest = { agent: "claude-code", stdin: '{"tool_name":"Bash"}', env: { HOME: "/home/dana", RAILWAY_TOKEN: "x" }, cwd: "/home/dana/p" };

describe("the warm guard daemon", () => {
  it("answers with what the runner returns for the agent's own stdin, environment and folder, then leaves when idle", async () => {
    const socket = path.join(dir, "hookd-0123456789abcdef.sock");
    const seen: unknown[] = [];
    const run: HookRunner = async (r) => {
      seen.push(r);
      return { stdout: '{"permission":"deny"}', stderr: "", exitCode: 0 };
    };
    const served = serveGuardHooks(socket, { run, idleMs: 300 });
    await expect.poll(() => fs.existsSync(socket)).toBe(true);
    expect(fs.statSync(socket).mode & 0o777).toBe(0o600);
    expect(await askGuardDaemon(socket, request)).toEqual({ stdout: '{"permission":"deny"}', stderr: "", exitCode: 0 });
    expect(seen).toEqual([request]);
    // A second daemon on the same socket steps aside.
    expect(await serveGuardHooks(socket, { run, idleMs: 300 })).toBe(false);
    expect(await served).toBe(true);
    expect(fs.existsSync(socket)).toBe(false);
    expect(await askGuardDaemon(socket, request)).toBeNull(); // none left: the hook runs in its own process
  });

  it("gives no answer for a request that is not one, or when the runner fails: the client then works alone", async () => {
    const socket = path.join(dir, "hookd-0123456789abcdef.sock");
    const served = serveGuardHooks(socket, { run: async () => Promise.reject(new Error("boom")), idleMs: 300 });
    await expect.poll(() => fs.existsSync(socket)).toBe(true);
    expect(await askGuardDaemon(socket, request)).toBeNull();
    expect(await askGuardDaemon(socket, { ...request, agent: "not-an-agent" })).toBeNull();
    await served;
  });

  it("replaces a socket file nobody answers on (a daemon that died)", async () => {
    const socket = path.join(dir, "hookd-0123456789abcdef.sock");
    fs.writeFileSync(socket, "");
    const served = serveGuardHooks(socket, { run: async () => ({ stdout: "", stderr: "", exitCode: 0 }), idleMs: 200 });
    await expect.poll(() => fs.statSync(socket).isSocket()).toBe(true);
    expect(await askGuardDaemon(socket, request)).toEqual({ stdout: "", stderr: "", exitCode: 0 });
    await served;
  });

  it("is not used from a folder others can write, nor when turned off, on an unbundled CLI, or with a path too long", () => {
    fs.chmodSync(dir, 0o777);
    expect(isPrivateFolder(dir)).toBe(false);
    fs.chmodSync(dir, 0o700);
    expect(isPrivateFolder(dir)).toBe(true);
    const env = { HOME: "/home/dana", BLASTMAP_CLI_BUILD: "0123456789abcdef" };
    expect(guardDaemonSocket(env)).toBe("/home/dana/.blastmap/guard/hookd-0123456789abcdef.sock");
    expect(guardDaemonSocket({ ...env, BLASTMAP_GUARD_SNAPSHOT: "/etc/blastmap/snapshot.json" })).toBe("/etc/blastmap/hookd-0123456789abcdef.sock");
    expect(guardDaemonSocket({ ...env, BLASTMAP_GUARD_DAEMON: "0" })).toBeNull();
    expect(guardDaemonSocket({ ...env, BLASTMAP_GUARD_SNAPSHOT: "guard/snapshot.json" })).toBeNull();
    expect(guardDaemonSocket({ HOME: "/home/dana" })).toBeNull();
    expect(guardDaemonSocket({ ...env, HOME: `/${"h".repeat(120)}` })).toBeNull();
  });
});

describe("a daemon whose build is no longer current", () => {
  it("answers nothing and leaves, so the client takes the checked way", async () => {
    const socket = path.join(dir, "hookd-0123456789abcdef.sock");
    let current = true;
    const served = serveGuardHooks(socket, { run: async () => ({ stdout: "ok", stderr: "", exitCode: 0 }), isCurrent: () => current, idleMs: 60_000 });
    await expect.poll(() => fs.existsSync(socket)).toBe(true);
    expect(await askGuardDaemon(socket, request)).toMatchObject({ stdout: "ok" });
    current = false; // a source changed since the build
    expect(await askGuardDaemon(socket, request)).toBeNull();
    expect(await served).toBe(true);
    expect(fs.existsSync(socket)).toBe(false);
  });
});
