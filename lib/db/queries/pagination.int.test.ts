/**
 * Every list that grows with the estate comes back a page at a time, never larger than its cap, however
 * large a page is asked for: a page of 100,000 agents once rendered 63 MB of HTML and the next one ran the
 * server out of memory.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import type { DatabaseHandle } from "@/lib/db/client";
import { MAX_AGENTS_PAGE_SIZE, listAgentSummaries } from "@/lib/db/queries/agents";
import { listCredentialReaders } from "@/lib/db/queries/credential-readers";
import { MAX_CREDENTIALS_PAGE_SIZE, listCredentials } from "@/lib/db/queries/credentials";
import { invalidateReachIndex } from "@/lib/db/queries/reach-index-cache";
import { MAX_SWEEPS_PAGE_SIZE, listSweepsOfSource, markSweepSucceeded, startSweep } from "@/lib/db/queries/sweeps";
import { describeEachDriver } from "@/lib/db/testing/drivers";
import { ingestBatch } from "@/lib/db/store/ingest";
import type { GraphBatch } from "@/lib/graph/types";

const AGENTS = 260;
const CREDENTIALS = 230;

/** AGENTS agents; the first reaches a D1 action, so ranking is checkable; CREDENTIALS credentials in one file. */
function wideEstate(): GraphBatch {
  const agents = Array.from({ length: AGENTS }, (_, i) => ({ kind: "agent" as const, key: `agent:m:cursor:/p${i}`, name: `agent ${String(i).padStart(3, "0")}` }));
  const file = { kind: "file" as const, key: "file:m:/p/.env", name: ".env" };
  const creds = Array.from({ length: CREDENTIALS }, (_, i) => ({ kind: "credential" as const, key: `cred:hmac:${i}`, name: `key ${i}`, props: { provider: "generic", preview: "abcd…wxyz" } }));
  const identity = { kind: "identity" as const, key: "railway:account:acme", name: "acme" };
  const volume = { kind: "resource" as const, key: "railway:volume:prod", name: "prod" };
  return {
    collector: "workspace",
    nodes: [...agents, file, ...creds, identity, volume],
    edges: [
      ...agents.map((a) => ({ kind: "can_read" as const, src: a, dst: file })),
      ...creds.map((c) => ({ kind: "contains" as const, src: file, dst: c })),
      { kind: "authenticates_as", src: creds[0], dst: identity },
      { kind: "can", src: identity, dst: volume, props: { action: "volume.delete", class: "D1" } },
    ],
  };
}

describeEachDriver("list pages", (testDb) => {
  let handle: DatabaseHandle;
  let sourceId: number;
  beforeAll(async () => {
    handle = await testDb.create();
    invalidateReachIndex();
    sourceId = (await ingestBatch(handle.db, "wide", wideEstate())).sourceId;
  });
  afterAll(async () => {
    invalidateReachIndex();
    await handle.close();
  });

  it("agents: at most the cap per page whatever is asked, every agent on some page", async () => {
    const huge = await listAgentSummaries(handle.db, { pageSize: 1_000_000 });
    expect(huge.rows).toHaveLength(MAX_AGENTS_PAGE_SIZE);
    expect(huge.total).toBe(AGENTS);
    const pages = [1, 2, 3].map((page) => listAgentSummaries(handle.db, { page, pageSize: 100 }));
    const [first, second, third] = await Promise.all(pages);
    expect([first.rows.length, second.rows.length, third.rows.length]).toEqual([100, 100, 60]);
    expect(new Set([...first.rows, ...second.rows, ...third.rows].map((a) => a.id)).size).toBe(AGENTS);
    const past = await listAgentSummaries(handle.db, { page: 99, pageSize: 100 });
    expect(past.page).toBe(3); // past the end reads the last page
  });

  it("credentials: at most the cap per page, matching counted over all pages", async () => {
    const huge = await listCredentials(handle.db, { pageSize: 1_000_000 });
    expect(huge.rows).toHaveLength(MAX_CREDENTIALS_PAGE_SIZE);
    expect([huge.matching, huge.total]).toEqual([CREDENTIALS, CREDENTIALS]);
    const second = await listCredentials(handle.db, { page: 2, pageSize: 100 });
    expect(second.rows).toHaveLength(100);
    const first = await listCredentials(handle.db, { page: 1, pageSize: 100 });
    expect(first.rows[0].name).toBe("key 0"); // the one that can destroy something ranks first
    expect(first.rows.map((r) => r.id)).not.toContain(second.rows[0].id);
  });

  it("credentials: each row names its nearest readers and counts them all, in as many queries for 100 rows as for 1", async () => {
    const page = await listCredentials(handle.db, { page: 1, pageSize: 100, readersPerRow: 3 });
    for (const row of page.rows) {
      expect(row.readBy.total).toBe(AGENTS);
      expect(row.readBy.readers.map((r) => [r.name, r.how, r.through])).toEqual([
        ["agent 000", "reads", ".env"],
        ["agent 001", "reads", ".env"],
        ["agent 002", "reads", ".env"],
      ]);
    }
    // No query per row: naming the readers of a page is one query, whatever its size.
    let queries = 0;
    const counted = new Proxy(handle.db, {
      get(target, prop) {
        if (prop === "execute") return (...args: Parameters<typeof target.execute>) => (queries++, target.execute(...args));
        const value = Reflect.get(target, prop, target);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    const queriesFor = async (ids: number[]) => {
      queries = 0;
      const readers = await listCredentialReaders(counted, ids, { limit: 3 });
      expect([...readers.values()].every((r) => r.total === AGENTS)).toBe(true);
      return queries;
    };
    await queriesFor([page.rows[0].id]); // builds the reach index for this handle
    expect(await queriesFor(page.rows.map((r) => r.id))).toBe(await queriesFor([page.rows[0].id]));
  });

  it("sweeps of a source: at most the cap per page, older ones a page further", async () => {
    for (let i = 0; i < MAX_SWEEPS_PAGE_SIZE + 5; i++) {
      const sweep = await startSweep(handle.db, sourceId, "push");
      await markSweepSucceeded(handle.db, sweep.id, { nodesAdded: 0, nodesUpdated: 0, nodesPruned: 0, edgesAdded: 0, edgesUpdated: 0, edgesPruned: 0 }, []);
    }
    const newest = await listSweepsOfSource(handle.db, sourceId, 1_000_000);
    expect(newest).toHaveLength(MAX_SWEEPS_PAGE_SIZE);
    const older = await listSweepsOfSource(handle.db, sourceId, 1_000_000, newest[newest.length - 1].id);
    expect(older).toHaveLength(6); // 205 pushed + the ingest's own sweep
    expect(Math.max(...older.map((s) => s.id))).toBeLessThan(Math.min(...newest.map((s) => s.id)));
  });
});
