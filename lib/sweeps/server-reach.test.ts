/**
 * F9 and F15: what a sweep the server runs may read and reach. A committed `.cursor/mcp.json` once made a
 * server-run sweep walk the server's own data folder and /proc and record the server's own credentials; a
 * file source on /etc/passwd put its first bytes in the sweep error; Postgres sources told port states
 * apart.
 */
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { silentContext } from "@/lib/collectors/types";
import { readPostgresCatalog } from "@/lib/collectors/postgres/read";
import { createFakeSecrets } from "@/lib/credentials/testing/fake-secrets";
import type { Source } from "@/lib/db/schema";
import { resetEnvForTests } from "@/lib/env";
import type { GraphBatch } from "@/lib/graph/types";
import { sourceBatchProducer } from "@/lib/sweeps/collect-source";

const KEY = Buffer.from("k".repeat(40));

function source(collector: string, config: Record<string, unknown>): Source {
  return { id: 1, name: "s", collector, config, secretConfig: null, schedule: null, timezone: "UTC", enabled: true, timeoutSeconds: 60, nextRunAt: null, createdAt: new Date() };
}

/** The error message of a run that should fail ("succeeded" if it did not). */
const failure = (work: Promise<unknown>): Promise<string> => work.then(() => "succeeded", (error: Error) => error.message);

const run = (collector: string, config: Record<string, unknown>) => sourceBatchProducer(source(collector, config), Buffer.alloc(32))(silentContext(KEY));

describe("what a server-run sweep may read and reach", () => {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), "blastmap-reach-"));
  const dataDir = path.join(base, "data");
  const project = path.join(base, "project");
  const planted = createFakeSecrets(7).planted.githubFineGrained();
  const saved = { dataDir: process.env.BLASTMAP_DATA_DIR, roots: process.env.BLASTMAP_ALLOWED_ROOTS, hosts: process.env.BLASTMAP_ALLOWED_HOSTS };
  const setEnv = (vars: Record<string, string | undefined>) => {
    for (const [k, v] of Object.entries(vars)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    resetEnvForTests();
  };

  beforeAll(() => {
    fs.mkdirSync(path.join(project, ".cursor"), { recursive: true });
    fs.mkdirSync(dataDir, { recursive: true });
    // The server's own secret, in its data folder, and a link to it from inside the project.
    fs.writeFileSync(path.join(dataDir, "server.env"), planted.text);
    fs.symlinkSync(dataDir, path.join(base, "data-link"));
    const mcp = { mcpServers: { files: { command: "npx", args: ["-y", "@modelcontextprotocol/server-filesystem", project, dataDir, path.join(base, "data-link"), "/proc"] } } };
    fs.writeFileSync(path.join(project, ".cursor", "mcp.json"), JSON.stringify(mcp));
    setEnv({ BLASTMAP_DATA_DIR: dataDir, BLASTMAP_ALLOWED_ROOTS: undefined, BLASTMAP_ALLOWED_HOSTS: undefined });
  });
  afterEach(() => setEnv({ BLASTMAP_ALLOWED_ROOTS: undefined, BLASTMAP_ALLOWED_HOSTS: undefined }));
  afterAll(() => {
    setEnv({ BLASTMAP_DATA_DIR: saved.dataDir, BLASTMAP_ALLOWED_ROOTS: saved.roots, BLASTMAP_ALLOWED_HOSTS: saved.hosts });
    fs.rmSync(base, { recursive: true, force: true });
  });

  it("never walks the server's data folder or /proc, even when an agent's config exposes them (or a link to them)", async () => {
    const batch = (await run("workspace", { roots: [project], home: project, machine: "ci" })) as GraphBatch;
    const text = JSON.stringify(batch);
    expect(batch.nodes.some((n) => n.kind === "agent")).toBe(true);
    expect(text).not.toContain(planted.secret.slice(4, 20));
    expect(batch.nodes.filter((n) => n.kind === "credential")).toEqual([]);
    const refused = (batch.warnings ?? []).filter((w) => w.code === "workspace:outside_scope").map((w) => w.location?.path);
    expect(refused).toEqual(expect.arrayContaining([dataDir, path.join(base, "data-link"), "/proc"]));
  }, 60_000);

  it("refuses a source naming a path outside BLASTMAP_ALLOWED_ROOTS or in the data folder, in the same words whether it exists or not", async () => {
    setEnv({ BLASTMAP_ALLOWED_ROOTS: project });
    const existing = await failure(run("inventory", { file: "/etc/passwd" }));
    const missing = await failure(run("inventory", { file: "/etc/no-such-file" }));
    expect(existing).toBe(`config.file: /etc/passwd is not a path this server may read (only inside ${fs.realpathSync(project)} (BLASTMAP_ALLOWED_ROOTS))`);
    expect(missing.replace("/etc/no-such-file", "/etc/passwd")).toBe(existing);
    setEnv({ BLASTMAP_ALLOWED_ROOTS: undefined });
    await expect(run("inventory", { file: path.join(dataDir, "server.env") })).rejects.toThrow(/not a path this server may read/);
    await expect(run("workspace", { roots: [dataDir] })).rejects.toThrow(/not a path this server may read/);
  });

  it("never quotes a file's bytes in an error", async () => {
    const file = path.join(project, "not-json.txt");
    fs.writeFileSync(file, `root:x:0:0:${planted.secret}\n`);
    const message = await failure(run("inventory", { file }));
    expect(message).toMatch(/not valid JSON/);
    expect(message).not.toContain("root:x");
    expect(message).not.toContain(planted.secret.slice(0, 12));
    const aws = await failure(run("aws-iam", { file }));
    expect(aws).toMatch(/JSON/);
    expect(aws).not.toContain("root:x");
  });

  it("refuses cloud metadata hosts always, and hosts outside BLASTMAP_ALLOWED_HOSTS", async () => {
    await expect(run("postgres", { url: "postgres://u@169.254.169.254:5432/db" })).rejects.toThrow(/not a host this server may connect to/);
    setEnv({ BLASTMAP_ALLOWED_HOSTS: "db.internal,*.corp.test" });
    await expect(run("postgres", { url: "postgres://u@127.0.0.1:5432/db" })).rejects.toThrow(/127\.0\.0\.1 is not a host this server may connect to/);
    await expect(run("postgres", { url: "postgres://u@db.internal:5432/db?host=evil.test" })).rejects.toThrow(/evil\.test is not a host/);
  });

  it("tells a closed port, a silent one and a server that is not Postgres apart in no way", async () => {
    const notPostgres = net.createServer((socket) => socket.end("HTTP/1.1 400 Bad Request\r\n\r\n"));
    await new Promise<void>((resolve) => notPostgres.listen(0, "127.0.0.1", resolve));
    const held: net.Socket[] = [];
    const silent = net.createServer((socket) => held.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const closed = net.createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const closedPort = (closed.address() as net.AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    try {
      const describe = async (port: number) =>
        (await failure(run("postgres", { url: `postgres://u@127.0.0.1:${port}/db` }))).replace(`:${port}/`, ":PORT/");
      const [a, b] = [await describe((notPostgres.address() as net.AddressInfo).port), await describe(closedPort)];
      expect(a).toBe(b);
      expect(a).toMatch(/no Postgres server answered there/);
      // A port that takes the connection and never answers: the same words once the connect timeout ends.
      // (The collector is called directly for a short timeout; a source's is ten seconds.)
      const silentPort = (silent.address() as net.AddressInfo).port;
      const timedOut = await failure(readPostgresCatalog({ url: `postgres://u@127.0.0.1:${silentPort}/db`, connectTimeoutMs: 300 }));
      const refused = await failure(readPostgresCatalog({ url: `postgres://u@127.0.0.1:${closedPort}/db`, connectTimeoutMs: 300 }));
      expect(timedOut.replace(`:${silentPort}/`, ":PORT/")).toBe(refused.replace(`:${closedPort}/`, ":PORT/"));
      expect(timedOut).toMatch(/no Postgres server answered there/);
    } finally {
      notPostgres.close();
      for (const socket of held) socket.destroy();
      silent.close();
    }
  });
});
