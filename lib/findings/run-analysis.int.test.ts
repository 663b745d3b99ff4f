import { afterEach, beforeEach, expect, it } from "vitest";
import type { DatabaseHandle } from "@/lib/db/client";
import { acceptFinding, findingId, getFinding, listFindings, reopenFinding } from "@/lib/db/queries/findings";
import { describeEachDriver } from "@/lib/db/testing/drivers";
import { analyzeGraph } from "@/lib/findings/run-analysis";
import { ingestBatch } from "@/lib/db/store/ingest";
import { incidentBatch, railwayToken } from "@/lib/graph/reach/fixtures/incident-graph";

describeEachDriver("analyzeGraph: findings across sweeps", (testDb) => {
  let handle: DatabaseHandle;
  beforeEach(async () => {
    handle = await testDb.create();
  });
  afterEach(async () => {
    await handle.close();
  });

  it("finds the incident, keeps ids and statuses across sweeps, resolves what is gone and reopens what returns", async () => {
    const t0 = new Date("2026-11-24T10:00:00Z");
    const first = await ingestBatch(handle.db, "laptop", incidentBatch());
    const run1 = await analyzeGraph(handle.db, { now: t0 });
    expect(run1).toMatchObject({ sweepId: first.sweepId, findings: 7, opened: 7, reopened: 0, resolved: 0, agents: 1 });

    const all = await listFindings(handle.db);
    expect(all.map((f) => `${f.severity} ${f.rule}`)).toEqual([
      "critical backup-in-blast-radius",
      "critical destructive-reach",
      "critical over-scoped-credential",
      "critical ungated-destructive-agent",
      "high ineffective-deny",
      "high no-independent-recovery",
      "high no-independent-recovery",
    ]);
    const overScoped = all.find((f) => f.rule === "over-scoped-credential")!;
    expect(overScoped.id).toBe(findingId("over-scoped-credential", railwayToken.key));
    expect(overScoped).toMatchObject({ status: "open", subjectKind: "credential", agentKeys: ["agent:laptop:cursor:/home/dev/app"], firstSeenSweep: first.sweepId });
    expect(await listFindings(handle.db, { agent: "Cursor", rule: "destructive-reach" })).toHaveLength(1);
    expect(await listFindings(handle.db, { severity: "high" })).toHaveLength(3);

    // Accept one with a reason and expiry; a re-sweep keeps it accepted and keeps first-seen.
    await acceptFinding(handle.db, overScoped.id, { reason: "token rotation scheduled", expiresAt: new Date(Date.now() + 86_400_000), by: "alice" });
    const second = await ingestBatch(handle.db, "laptop", incidentBatch());
    const run2 = await analyzeGraph(handle.db, { now: new Date("2026-11-25T10:00:00Z") });
    expect(run2).toMatchObject({ findings: 7, opened: 0, reopened: 0, resolved: 0 });
    const kept = (await getFinding(handle.db, overScoped.id))!;
    expect(kept).toMatchObject({ status: "accepted", acceptedReason: "token rotation scheduled", acceptedBy: "alice", firstSeenSweep: first.sweepId, lastSeenSweep: second.sweepId });
    expect(kept.firstSeenAt).toEqual(t0);
    expect(await listFindings(handle.db, { status: "accepted" })).toHaveLength(1);

    // The token is deleted from the script: its finding resolves.
    const withoutToken = incidentBatch();
    withoutToken.nodes = withoutToken.nodes.filter((n) => n.key !== railwayToken.key);
    withoutToken.edges = withoutToken.edges.filter((e) => e.src.key !== railwayToken.key && e.dst.key !== railwayToken.key);
    await ingestBatch(handle.db, "laptop", withoutToken);
    const run3 = await analyzeGraph(handle.db);
    expect(run3.resolved).toBe(1);
    expect((await getFinding(handle.db, overScoped.id))!.status).toBe("resolved");
    expect((await getFinding(handle.db, overScoped.id))!.resolvedAt).not.toBeNull();

    // It comes back: reopened (a resolved finding does not stay accepted).
    await ingestBatch(handle.db, "laptop", incidentBatch());
    const run4 = await analyzeGraph(handle.db);
    expect(run4.reopened).toBe(1);
    expect((await getFinding(handle.db, overScoped.id))!).toMatchObject({ status: "open", acceptedReason: null, resolvedAt: null });

    // Accept, then reopen by hand.
    const ungated = (await listFindings(handle.db, { rule: "ungated-destructive-agent" }))[0];
    await acceptFinding(handle.db, ungated.id, { reason: "sandboxed VM", expiresAt: null, by: "bob" });
    expect((await reopenFinding(handle.db, ungated.id)).status).toBe("open");
    await expect(acceptFinding(handle.db, ungated.id, { reason: " ", expiresAt: null, by: "bob" })).rejects.toThrow(/needs a reason/);
    await expect(acceptFinding(handle.db, "nope", { reason: "x", expiresAt: null, by: "bob" })).rejects.toThrow(/No finding/);
  });

  it("reopens an accepted finding once its acceptance has expired", async () => {
    await ingestBatch(handle.db, "laptop", incidentBatch());
    await analyzeGraph(handle.db);
    const [finding] = await listFindings(handle.db, { rule: "destructive-reach" });
    await acceptFinding(handle.db, finding.id, { reason: "ok for now", expiresAt: new Date(Date.now() + 60_000), by: "alice" });
    const run = await analyzeGraph(handle.db, { now: new Date(Date.now() + 120_000) });
    expect(run.reopened).toBe(1);
    expect((await getFinding(handle.db, finding.id))!).toMatchObject({ status: "open", acceptedReason: null });
  });
});
