import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST } from "@/app/api/v1/sources/[id]/sweeps/route";
import { setRouteDepsForTests } from "@/lib/api/route-deps";
import { createApiToken } from "@/lib/auth/api-tokens";
import { main } from "@/lib/cli/main";
import type { DatabaseHandle } from "@/lib/db/client";
import { findOrCreateSource } from "@/lib/db/queries/sources";
import { listSweepsOfSource } from "@/lib/db/queries/sweeps";
import { createTestDatabase } from "@/lib/sweeps/testing/test-database";
import { postureBatch } from "@/lib/sweeps/testing/posture-batch";

/** The push route behind a real HTTP server, so the CLI goes through fetch, gzip and headers. */
describe("blastmap push / collect --push", () => {
  let handle: DatabaseHandle;
  let server: http.Server;
  let url: string;
  let token: string;
  let sourceId: number;
  let inventorySourceId: number;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "blastmap-push-"));

  beforeAll(async () => {
    handle = await createTestDatabase();
    setRouteDepsForTests({ db: handle.db, fingerprintKey: Buffer.from("k".repeat(40)), configKey: Buffer.alloc(32, 1) });
    sourceId = (await findOrCreateSource(handle.db, "laptop", "test")).id;
    inventorySourceId = (await findOrCreateSource(handle.db, "inventory-box", "inventory")).id;
    token = (await createApiToken(handle.db, { name: "laptop", sourceIds: [sourceId, inventorySourceId], createdBy: "admin" })).token;
    server = http.createServer(async (req, res) => {
      const id = /\/sources\/([^/]+)\/sweeps/.exec(req.url ?? "")?.[1] ?? "";
      const request = new Request(`http://localhost${req.url}`, {
        method: req.method,
        headers: req.headers as Record<string, string>,
        body: Readable.toWeb(req) as ReadableStream,
        duplex: "half",
      } as RequestInit);
      const response = await POST(request, { params: Promise.resolve({ id: decodeURIComponent(id) }) });
      res.writeHead(response.status, { "content-type": "application/json" });
      res.end(await response.text());
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(async () => {
    server?.close();
    setRouteDepsForTests(undefined);
    await handle?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const run = async (args: string[]) => {
    const err: string[] = [];
    const code = await main(args, { out: () => {}, err: (line) => err.push(line) });
    return { code, err: err.join("\n") };
  };

  it("pushes a batch file gzipped and reports the sweep", async () => {
    const file = path.join(dir, "batch.json");
    fs.writeFileSync(file, JSON.stringify(postureBatch()));
    const result = await run(["push", file, "--server", url, "--token", token, "--source", "laptop"]);
    expect(result.err).toMatch(/sweep \d+ of source "laptop" succeeded: nodes \+6/);
    expect(result.code).toBe(0);
    expect((await listSweepsOfSource(handle.db, sourceId, 1))[0]).toMatchObject({ status: "succeeded", trigger: "push" });
  });

  it("exits 1 with the server's message on a bad token, 2 on a malformed batch", async () => {
    const file = path.join(dir, "laptop.json");
    fs.writeFileSync(file, JSON.stringify(postureBatch()));
    const bad = await run(["push", file, "--server", url, "--token", "bm_wrong"]);
    expect(bad).toMatchObject({ code: 1 });
    expect(bad.err).toMatch(/server answered 401: Missing, unknown or revoked API token/);
    fs.writeFileSync(file, JSON.stringify({ ...postureBatch(), nodes: "no" }));
    const malformed = await run(["push", file, "--server", url, "--token", token]);
    expect(malformed.code).toBe(2);
    expect(malformed.err).toMatch(/server answered 400: Invalid batch at nodes/);
  });

  it("a batch with one bad record is pushed without it, and says so", async () => {
    const file = path.join(dir, "one-bad.json");
    const batch = postureBatch();
    batch.nodes.push({ kind: "volume" as never, key: "v", name: "v" });
    fs.writeFileSync(file, JSON.stringify(batch));
    const result = await run(["push", file, "--server", url, "--token", token, "--source", "laptop"]);
    expect(result.code).toBe(0);
    expect(result.err).toMatch(/succeeded: .*; 1 warning \(records left out, if any, are among them\)/);
  });

  it("collect --push collects here and sends the batch in one go", async () => {
    const inventory = path.resolve("lib/collectors/inventory/fixtures");
    const file = fs.readdirSync(inventory).find((f) => f.endsWith(".json") && !/invalid|bad/i.test(f));
    expect(file).toBeDefined();
    const result = await run(["collect", "inventory", "--file", path.join(inventory, file!), "--push", "--server", url, "--token", token, "--source", String(inventorySourceId)]);
    expect(result.err).toMatch(/succeeded/);
    expect(result.code).toBe(0);
  });

  it("refuses --push without a server before collecting anything", async () => {
    const result = await run(["collect", "inventory", "--file", "/nonexistent.json", "--push", "--token", token, "--source", "laptop"]);
    expect(result).toMatchObject({ code: 2 });
    expect(result.err).toMatch(/--server URL/);
  });
});
