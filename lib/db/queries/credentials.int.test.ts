import { sql } from "drizzle-orm";
import { afterEach, beforeEach, expect, it } from "vitest";
import type { DatabaseHandle } from "@/lib/db/client";
import { listCredentials } from "@/lib/db/queries/credentials";
import { invalidateReachIndex } from "@/lib/db/queries/reach-index-cache";
import { queryRows } from "@/lib/db/rows";
import { describeEachDriver } from "@/lib/db/testing/drivers";
import { ingestBatch } from "@/lib/db/store/ingest";
import type { GraphBatch } from "@/lib/graph/types";

const agent = { kind: "agent", key: "agent:m1:cursor:/p", name: "Cursor" } as const;
const file = { kind: "file", key: "file:m1:/p/.env", name: ".env" } as const;
const cred = { kind: "credential", key: "cred:hmac:abc", name: "postgres url", props: { preview: "post…5432", provider: "postgres" } } as const;
const laptop: GraphBatch = {
  collector: "workspace",
  nodes: [agent, file, cred],
  edges: [
    { kind: "can_read", src: agent, dst: file },
    { kind: "contains", src: file, dst: cred },
  ],
};

describeEachDriver("credential inventory", (testDb) => {
  let handle: DatabaseHandle;
  beforeEach(async () => {
    handle = await testDb.create();
    invalidateReachIndex();
  });
  afterEach(async () => {
    await handle.close();
  });

  it("shows a credential last seen by its source's latest successful sweep, which did not rewrite it", async () => {
    await ingestBatch(handle.db, "laptop", laptop);
    const second = await ingestBatch(handle.db, "laptop", laptop);
    const [stored] = await queryRows<{ last_seen_sweep: number }>(handle.db, sql`select last_seen_sweep from nodes where key = ${cred.key}`);
    expect(stored.last_seen_sweep).not.toBe(second.sweepId); // unchanged, so not rewritten

    // A later sweep that fails sees nothing.
    await handle.db.execute(sql`insert into sweeps (source_id, status, trigger, started_at, finished_at) values (${second.sourceId}, 'failed', 'manual', now(), now())`);
    const [finished] = await queryRows<{ finished_at: Date | string }>(handle.db, sql`select finished_at from sweeps where id = ${second.sweepId}`);
    const { rows } = await listCredentials(handle.db);
    expect(rows.map((r) => [r.name, r.lastSeenAt?.toISOString()])).toEqual([[cred.name, new Date(finished.finished_at).toISOString()]]);
  });
});
