import { afterEach, beforeEach, expect, it } from "vitest";
import type { DatabaseHandle } from "@/lib/db/client";
import { getCredentialPage } from "@/lib/db/queries/credential-page";
import { listCredentials } from "@/lib/db/queries/credentials";
import { distinguishLabels } from "@/lib/db/queries/graph-labels";
import { findNodeByKey, findNodesByKeys, findNodesByName } from "@/lib/db/queries/node-lookup";
import { getResourceContext } from "@/lib/db/queries/resource-page";
import { countSweepsOfSource, getSweepNumber } from "@/lib/db/queries/sweep-numbers";
import { findOrCreateSource } from "@/lib/db/queries/sources";
import { startSweep } from "@/lib/db/queries/sweeps";
import { describeEachDriver } from "@/lib/db/testing/drivers";
import { ingestBatch } from "@/lib/db/store/ingest";
import { agent, backup, database, incidentBatch, railwayToken, volume } from "@/lib/graph/reach/fixtures/incident-graph";

describeEachDriver("the explore pages' queries: nodes by key and name, resource and credential pages, labels, sweep numbers", (testDb) => {
  let handle: DatabaseHandle;
  beforeEach(async () => {
    handle = await testDb.create();
    await ingestBatch(handle.db, "laptop", incidentBatch());
  });
  afterEach(async () => {
    await handle.close();
  });

  it("finds nodes by natural key and by display name, in the order asked", async () => {
    const found = await findNodeByKey(handle.db, "resource", volume.key);
    expect(found).toMatchObject({ kind: "resource", key: volume.key, name: volume.name });
    expect(await findNodeByKey(handle.db, "agent", volume.key)).toBeNull();
    expect((await findNodesByKeys(handle.db, "resource", [database.key, "nope", volume.key])).map((n) => n.name)).toEqual([database.name, volume.name]);
    expect((await findNodesByName(handle.db, "agent", agent.name)).map((n) => n.key)).toEqual([agent.key]);
  });

  it("a resource page knows its recovery copy is kept inside it, so it dies with it", async () => {
    const vol = (await findNodeByKey(handle.db, "resource", volume.key))!;
    const context = await getResourceContext(handle.db, vol.id);
    expect(context.recoveryCopies).toEqual([expect.objectContaining({ name: backup.name, diesWithIt: true, storedIn: expect.objectContaining({ name: volume.name }) })]);
    expect(context.storedHere.map((n) => n.name)).toEqual([backup.name]);
    const db = (await findNodeByKey(handle.db, "resource", database.key))!;
    expect((await getResourceContext(handle.db, db.id)).recoveryCopies).toEqual([]);
  });

  it("a credential page names the agents that can read it, and what it could destroy", async () => {
    const token = (await findNodeByKey(handle.db, "credential", railwayToken.key))!;
    const page = (await getCredentialPage(handle.db, token.id))!;
    expect(page.readers).toEqual([expect.objectContaining({ name: agent.name, how: "reads", through: "scripts/custom-domains.sh" })]);
    expect(page.preview).toBe("rlwy…0000");
    expect(page.destructive.find((d) => d.class === "D1")?.count).toBeGreaterThan(0);
    expect(page.assumed).toBe(true);
    expect(await getCredentialPage(handle.db, (await findNodeByKey(handle.db, "resource", volume.key))!.id)).toBeNull();
  });

  it("the credentials list names who can read each credential, as the credential's page does", async () => {
    const token = (await findNodeByKey(handle.db, "credential", railwayToken.key))!;
    const { rows } = await listCredentials(handle.db);
    const row = rows.find((r) => r.id === token.id)!;
    expect(row.readBy).toEqual({ total: 1, readers: [{ id: (await findNodeByKey(handle.db, "agent", agent.key))!.id, name: agent.name, how: "reads", through: "scripts/custom-domains.sh" }] });
    expect(row.readBy.readers).toEqual((await getCredentialPage(handle.db, token.id))!.readers);
  });

  it("labels only the nodes that share a name, with what tells them apart", async () => {
    const vol = (await findNodeByKey(handle.db, "resource", volume.key))!;
    const db = (await findNodeByKey(handle.db, "resource", database.key))!;
    const graph = {
      nodes: [
        { id: "a", kind: "resource" as const, label: "same", x: 0, y: 0, nodeId: vol.id },
        { id: "b", kind: "resource" as const, label: "same", x: 0, y: 0, nodeId: db.id },
        { id: "c", kind: "resource" as const, label: "every Railway volume this token can see (ab…cd)", x: 0, y: 0 },
      ],
      edges: [],
    };
    const labelled = await distinguishLabels(handle.db, graph);
    expect(labelled.nodes[0].label).not.toBe(labelled.nodes[1].label);
    expect(labelled.nodes[0].label.startsWith("same · ")).toBe(true);
    expect(labelled.nodes[2].label).toBe("Railway volume (ab…cd)");
  });

  it("numbers sweeps per source", async () => {
    const a = await findOrCreateSource(handle.db, "source-a", "inventory");
    const b = await findOrCreateSource(handle.db, "source-b", "inventory");
    const a1 = await startSweep(handle.db, a.id);
    const b1 = await startSweep(handle.db, b.id);
    expect(await getSweepNumber(handle.db, a.id, a1.id)).toBe(await countSweepsOfSource(handle.db, a.id));
    expect(await getSweepNumber(handle.db, b.id, b1.id)).toBe(1);
    expect(await countSweepsOfSource(handle.db, b.id)).toBe(1);
  });
});
