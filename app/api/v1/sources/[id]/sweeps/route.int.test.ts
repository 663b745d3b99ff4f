import { gzipSync } from "node:zlib";
import { sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, expect, it, vi } from "vitest";
import { setRouteDepsForTests } from "@/lib/api/route-deps";
import { createApiToken } from "@/lib/auth/api-tokens";
import type { DatabaseHandle } from "@/lib/db/client";
import { revokeApiToken } from "@/lib/db/queries/api-tokens";
import { findOrCreateSource, findSourceOrThrow } from "@/lib/db/queries/sources";
import { queryRows } from "@/lib/db/rows";
import { listSweepLogs, listSweepsOfSource } from "@/lib/db/queries/sweeps";
import { describeEachDriver } from "@/lib/db/testing/drivers";
import { resetEnvForTests } from "@/lib/env";
import { pushBatchAsSweep } from "@/lib/sweeps/push-batch";
import { FAKE_SECRET, postureBatch } from "@/lib/sweeps/testing/posture-batch";
import { GET as getSweep } from "@/app/api/v1/sweeps/[id]/route";
import { POST } from "./route";

const fingerprintKey = Buffer.from("test-fingerprint-key-0123456789abcdef");
const configKey = Buffer.alloc(32, 7);

/** Runs `work` with these environment variables set, then restores them. */
async function withEnv<T>(vars: Record<string, string>, work: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  Object.assign(process.env, vars);
  resetEnvForTests();
  try {
    return await work();
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    resetEnvForTests();
  }
}

describeEachDriver("POST /api/v1/sources/{id}/sweeps", (testDb) => {
  let handle: DatabaseHandle;
  let sourceId: number;
  let otherSourceId: number;
  let token: string;
  const output: string[] = [];

  beforeAll(async () => {
    handle = await testDb.create();
    setRouteDepsForTests({ db: handle.db, fingerprintKey, configKey });
    sourceId = (await findOrCreateSource(handle.db, "ci-runner", "test")).id;
    otherSourceId = (await findOrCreateSource(handle.db, "someone-else", "test")).id;
    token = (await createApiToken(handle.db, { name: "ci", sourceIds: [sourceId], createdBy: "admin" })).token;
    // Everything the server writes to its console, for the canary.
    for (const method of ["log", "error", "warn", "info"] as const) {
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => void output.push(args.map(String).join(" ")));
    }
  });
  afterEach(() => void 0);
  afterAll(async () => {
    vi.restoreAllMocks();
    setRouteDepsForTests(undefined);
    await handle?.close();
  });

  const push = (body: BodyInit, headers: Record<string, string> = {}, id = String(sourceId)) =>
    POST(new Request(`http://localhost/api/v1/sources/${id}/sweeps`, { method: "POST", body, headers: { authorization: `Bearer ${token}`, "content-type": "application/json", ...headers } }), {
      params: Promise.resolve({ id }),
    });

  it("ingests a gzipped batch as a sweep, runs analysis and reports what changed", async () => {
    const response = await push(gzipSync(JSON.stringify(postureBatch())), { "content-encoding": "gzip" });
    expect(response.status).toBe(201);
    const json = await response.json();
    expect(json.sweep).toMatchObject({ status: "succeeded", trigger: "push", stats: { nodesAdded: 6, edgesAdded: 5 } });
    expect(json.changes).toMatchObject({ credentialsAdded: 1, reachAdded: 1 });
    const detail = await getSweep(new Request(`http://localhost/api/v1/sweeps/${json.sweep.id}`, { headers: { authorization: `Bearer ${token}` } }), {
      params: Promise.resolve({ id: String(json.sweep.id) }),
    });
    expect(detail.status).toBe(403); // an ingest token reads nothing
  });

  it("accepts the source by name and a plain JSON body", async () => {
    const response = await push(JSON.stringify(postureBatch()), {}, "ci-runner");
    expect(response.status).toBe(201);
  });

  it("401 for an unknown token, 401 for a revoked one, 403 for a source outside its scope", async () => {
    const bad = await POST(
      new Request(`http://localhost/api/v1/sources/${sourceId}/sweeps`, { method: "POST", body: "{}", headers: { authorization: "Bearer bm_not-a-token" } }),
      { params: Promise.resolve({ id: String(sourceId) }) },
    );
    expect(bad.status).toBe(401);
    expect(await bad.json()).toEqual({ error: "unauthorized:token", message: "Missing, unknown or revoked API token." });

    expect((await push(JSON.stringify(postureBatch()), {}, String(otherSourceId))).status).toBe(403);
    expect((await push(JSON.stringify(postureBatch()), {}, "no-such-source")).status).toBe(403);

    const revocable = await createApiToken(handle.db, { name: "old", sourceIds: [sourceId], createdBy: "admin" });
    await revokeApiToken(handle.db, revocable.record.id);
    const revoked = await POST(
      new Request(`http://localhost/api/v1/sources/${sourceId}/sweeps`, { method: "POST", body: JSON.stringify(postureBatch()), headers: { authorization: `Bearer ${revocable.token}` } }),
      { params: Promise.resolve({ id: String(sourceId) }) },
    );
    expect(revoked.status).toBe(401);
  });

  it("400 naming the JSON path of a batch in the wrong shape, and no sweep is left behind", async () => {
    const sweepsBefore = await listSweepsOfSource(handle.db, sourceId, 200);
    const response = await push(JSON.stringify({ ...postureBatch(), edges: { "0": "not a list" } }));
    expect(response.status).toBe(400);
    const json = await response.json();
    expect(json.error).toBe("bad_request:batch");
    expect(json.message).toMatch(/^Invalid batch at edges: /);
    expect(await listSweepsOfSource(handle.db, sourceId, 200)).toEqual(sweepsBefore);
  });

  it("F10: one bad record is left out with a warning that names it; the rest of the push is kept", async () => {
    const batch = postureBatch();
    batch.edges[2] = { ...batch.edges[2], dst: { ...batch.edges[2].dst, kind: "password" as never } };
    const response = await push(JSON.stringify(batch));
    expect(response.status).toBe(201);
    const sweep = (await listSweepsOfSource(handle.db, sourceId, 1))[0];
    expect(sweep).toMatchObject({ status: "succeeded" });
    expect(sweep.warnings).toEqual([expect.objectContaining({ code: "record_left_out", message: expect.stringMatching(/^edges\[2\]\.dst\.kind: /) })]);
  });

  it("a token for one source cannot rename, rewrite or prune another source's agent, nor resolve its findings", async () => {
    // Another machine's agent and everything it reaches: keys no push to this token's source has used.
    const victim = JSON.parse(JSON.stringify(postureBatch({ credential: "b".repeat(64), volume: "victim-db" })).replaceAll("ci-runner", "victim-host"));
    await pushBatchAsSweep(handle.db, await findSourceOrThrow(handle.db, "someone-else"), victim, fingerprintKey);
    const agentKey = victim.nodes[0].key;
    const agentRow = () => queryRows(handle.db, sql`select name, props, source_id from nodes where key = ${agentKey}`);
    const openFindings = () => queryRows(handle.db, sql`select id from findings where status = 'open' and ${agentKey} = any(agent_keys) order by id`);
    const agentBefore = await agentRow();
    const findingsBefore = await openFindings();
    expect(findingsBefore.length).toBeGreaterThan(0);

    // The token's own source reports the victim's agent, renamed and gated, with nothing it can reach.
    const hostile = postureBatch();
    const response = await push(JSON.stringify({
      ...hostile,
      nodes: [{ ...victim.nodes[0], name: "renamed", props: { agentKind: "claude-code", approvalMode: "always", unrestrictedShell: false } }],
      edges: [],
    }));
    expect(response.status).toBe(201);
    expect(await push(JSON.stringify({ ...hostile, nodes: [], edges: [] }))).toHaveProperty("status", 201);
    expect(await agentRow()).toEqual(agentBefore);
    expect(await openFindings()).toEqual(findingsBefore);
  });

  it("400 for a batch from another collector than its source's, with no sweep left behind", async () => {
    const sweepsBefore = await listSweepsOfSource(handle.db, sourceId, 200);
    const response = await push(JSON.stringify({ ...postureBatch(), collector: "aws-iam" }));
    expect(response.status).toBe(400);
    expect((await response.json()).message).toBe(
      'This batch comes from the "aws-iam" collector, but source "ci-runner" is fed by "test". Push it to a source of that collector.',
    );
    expect(await listSweepsOfSource(handle.db, sourceId, 200)).toEqual(sweepsBefore);
  });

  it("400 for a body that is not JSON or not gzip", async () => {
    expect((await push("{not json")).status).toBe(400);
    expect((await push("plain text", { "content-encoding": "gzip" })).status).toBe(400);
  });

  it("413 for a declared oversize body and for a gzip bomb, capped while inflating", async () => {
    const declared = await push("{}", { "content-length": String(60 * 1024 * 1024) });
    expect(declared.status).toBe(413);
    const bomb = gzipSync(Buffer.alloc(60 * 1024 * 1024, 0x20)); // 60 MB of spaces, ~60 KB gzipped
    expect(bomb.length).toBeLessThan(200_000);
    const before = process.memoryUsage().rss;
    const response = await push(bomb, { "content-encoding": "gzip" });
    expect(response.status).toBe(413);
    expect((await response.json()).error).toBe("payload_too_large:batch");
    expect(process.memoryUsage().rss - before).toBeLessThan(200 * 1024 * 1024);
  });

  it("413 before parsing a push with more nodes than BLASTMAP_PUSH_MAX_NODES, and no sweep is left behind", async () => {
    const sweepsBefore = await listSweepsOfSource(handle.db, sourceId, 200);
    const tooMany = { ...postureBatch(), nodes: Array.from({ length: 11 }, (_, i) => ({ kind: "agent", key: `agent:flood:${i}`, name: "x" })), edges: [] };
    const response = await withEnv({ BLASTMAP_PUSH_MAX_NODES: "10" }, () => push(JSON.stringify(tooMany)));
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({
      error: "payload_too_large:batch",
      message: "The batch holds 11 nodes; a push may hold at most 10 (BLASTMAP_PUSH_MAX_NODES). Split it across sources, or raise the limit.",
    });
    expect(await listSweepsOfSource(handle.db, sourceId, 200)).toEqual(sweepsBefore);
  });

  it("413 for a sweep with more agents than one source may hold (BLASTMAP_SOURCE_MAX_AGENTS), and no sweep is left behind", async () => {
    const sweepsBefore = await listSweepsOfSource(handle.db, sourceId, 200);
    const batch = postureBatch();
    batch.nodes.push({ kind: "agent", key: "agent:ci-runner:cursor:/work/other", name: "second agent" });
    const response = await withEnv({ BLASTMAP_SOURCE_MAX_AGENTS: "1" }, () => push(JSON.stringify(batch)));
    expect(response.status).toBe(413);
    expect((await response.json()).message).toBe("This batch holds 2 agents; one source may hold at most 1 (BLASTMAP_SOURCE_MAX_AGENTS).");
    expect(await listSweepsOfSource(handle.db, sourceId, 200)).toEqual(sweepsBefore);
  });

  it("400, not a crash, for JSON nested thousands deep in props, and no sweep is left behind", async () => {
    const sweepsBefore = await listSweepsOfSource(handle.db, sourceId, 200);
    const deep = JSON.stringify(postureBatch()).replace('"props":{"agentKind"', `"props":{"deep":${"[".repeat(5000)}${"]".repeat(5000)},"agentKind"`);
    const response = await push(deep);
    expect(response.status).toBe(400);
    expect((await response.json()).message).toBe("The batch is nested deeper than 64 levels (in nodes[0]).");
    expect(await listSweepsOfSource(handle.db, sourceId, 200)).toEqual(sweepsBefore);
  });

  it("413 for a body over the cap sent in chunks without a length, and no sweep is left behind", async () => {
    const sweepsBefore = await listSweepsOfSource(handle.db, sourceId, 200);
    const chunk = new Uint8Array(1024 * 1024).fill(0x20);
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 60) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const response = await POST(
      new Request(`http://localhost/api/v1/sources/${sourceId}/sweeps`, { method: "POST", body, headers: { authorization: `Bearer ${token}` }, duplex: "half" } as RequestInit),
      { params: Promise.resolve({ id: String(sourceId) }) },
    );
    expect(response.status).toBe(413);
    expect((await response.json()).message).toBe("The batch is larger than 50 MB (after gzip inflation; BLASTMAP_PUSH_MAX_BYTES).");
    expect(await listSweepsOfSource(handle.db, sourceId, 200)).toEqual(sweepsBefore);
  });

  it("answers a missing source and a forbidden one alike, so a token learns nothing of other sources", async () => {
    const forbidden = await push(JSON.stringify(postureBatch()), {}, "someone-else");
    const missing = await push(JSON.stringify(postureBatch()), {}, "no-such-source");
    const forbiddenById = await push(JSON.stringify(postureBatch()), {}, String(otherSourceId));
    expect([forbidden.status, missing.status, forbiddenById.status]).toEqual([403, 403, 403]);
    expect(await forbidden.json()).toEqual({ error: "forbidden:role", message: 'This API token may not push to source "someone-else".' });
    expect(await missing.json()).toEqual({ error: "forbidden:role", message: 'This API token may not push to source "no-such-source".' });
    expect(await forbiddenById.json()).toEqual({ error: "forbidden:role", message: `This API token may not push to source "${otherSourceId}".` });
  });

  it("takes a record with a 5,000-character name and a 3,000-character key: bounded, never the whole batch refused", async () => {
    const batch = postureBatch();
    const longKey = `mcp:ci-runner:/work/app:${"k".repeat(3000)}`;
    batch.nodes.push({ kind: "mcp_server", key: longKey, name: "n".repeat(5000) });
    batch.edges.push({ kind: "configured_with", src: batch.nodes[0], dst: { kind: "mcp_server", key: longKey } });
    const response = await push(JSON.stringify(batch));
    expect(response.status).toBe(201);
    const [stored] = await queryRows<{ name: string; key: string; edges: number }>(handle.db, sql`
      select n.name, n.key, (select count(*)::int from edges e where e.dst = n.id) as edges from nodes n where n.key like 'mcp:ci-runner:/work/app:kkk%'
    `);
    expect(stored.name).toHaveLength(1024);
    expect(stored.name.endsWith("…")).toBe(true);
    expect(stored.key.length).toBeLessThanOrEqual(2048);
    expect(stored.key).toMatch(/…#sha256:[0-9a-f]{64}$/);
    expect(stored.edges).toBe(1);
  });

  it("canary: planted secrets never come back in a response, a sweep, its logs or the console", async () => {
    const responses: string[] = [];
    const withSecretProps = postureBatch({ extraProps: { leaked: FAKE_SECRET } });
    (withSecretProps.nodes[2] as { props?: Record<string, unknown> }).props = { note: FAKE_SECRET };
    responses.push(await (await push(JSON.stringify(withSecretProps))).text());

    const malformed = postureBatch();
    malformed.nodes.push({ kind: "file", key: FAKE_SECRET, name: 42 as unknown as string });
    responses.push(await (await push(JSON.stringify(malformed))).text());
    responses.push(await (await push(`{"collector": "x", "nodes": [${JSON.stringify(FAKE_SECRET)} oops`)).text());
    responses.push(await (await push(gzipSync(`{"secret": "${FAKE_SECRET}"`).subarray(0, 30), { "content-encoding": "gzip" })).text());

    const sweeps = await listSweepsOfSource(handle.db, sourceId, 100);
    const logs = await Promise.all(sweeps.map((s) => listSweepLogs(handle.db, s.id)));
    const sweepsForDisplay = sweeps.map(({ warnings: _w, ...rest }) => rest); // warnings are the collector's own words
    const everything = JSON.stringify([responses, sweepsForDisplay, logs, output]);
    expect(everything).not.toContain(FAKE_SECRET);
    expect(everything).not.toContain(FAKE_SECRET.slice(5, 25));
  });
});
