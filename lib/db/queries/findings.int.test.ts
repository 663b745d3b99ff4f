import { afterEach, beforeEach, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { DatabaseHandle } from "@/lib/db/client";
import { acceptFinding, findingId, getFinding, listFindingSummaries, listFindings, saveFindings } from "@/lib/db/queries/findings";
import { findings } from "@/lib/db/schema";
import { describeEachDriver } from "@/lib/db/testing/drivers";
import { analyzeGraph } from "@/lib/findings/run-analysis";
import type { FindingDraft } from "@/lib/findings/types";
import { ingestBatch } from "@/lib/db/store/ingest";
import { incidentBatch } from "@/lib/graph/reach/fixtures/incident-graph";

describeEachDriver("listFindingSummaries: the list pages' findings", (testDb) => {
  let handle: DatabaseHandle;
  beforeEach(async () => {
    handle = await testDb.create();
  });
  afterEach(async () => {
    await handle.close();
  });

  it("lists what listFindings lists, in its order, bounded, with the total and the effective status", async () => {
    await ingestBatch(handle.db, "laptop", incidentBatch());
    await analyzeGraph(handle.db, { now: new Date("2026-11-24T10:00:00Z") });
    const summary = ({ id, rule, severity, status, title, subjectKind, subjectName, lastSeenAt }: Awaited<ReturnType<typeof listFindings>>[number]) =>
      ({ id, rule, severity, status, title, subjectKind, subjectName, lastSeenAt });

    const all = await listFindings(handle.db);
    expect(await listFindingSummaries(handle.db, {}, 100)).toEqual({ rows: all.map(summary), total: all.length });
    expect(await listFindingSummaries(handle.db, {}, 2)).toEqual({ rows: all.slice(0, 2).map(summary), total: all.length });

    // An acceptance that has lapsed reads as open, as in listFindings.
    const lapsing = all[0];
    await acceptFinding(handle.db, lapsing.id, { reason: "short", expiresAt: new Date(Date.now() + 3_600_000), by: "admin" });
    expect((await listFindingSummaries(handle.db, { status: "accepted" }, 10)).rows.map((f) => f.id)).toEqual([lapsing.id]);
    await handle.db.update(findings).set({ acceptedExpiresAt: new Date(Date.now() - 60_000) }).where(eq(findings.id, lapsing.id));
    const open = await listFindingSummaries(handle.db, { status: "open" }, 10);
    expect(open.total).toBe(all.length);
    expect(open.rows.find((f) => f.id === lapsing.id)?.status).toBe("open");
    expect(await listFindingSummaries(handle.db, { agent: "Cursor", rule: "destructive-reach" }, 10)).toMatchObject({ total: 1 });
    expect(await listFindingSummaries(handle.db, { rule: "no-such-rule" }, 10)).toEqual({ rows: [], total: 0 });
  });
});

describeEachDriver("saveFindings: rows through COPY", (testDb) => {
  let handle: DatabaseHandle;
  beforeEach(async () => {
    handle = await testDb.create();
  });
  afterEach(async () => {
    await handle.close();
  });

  it("keeps text COPY and array literals give meaning to (tabs, newlines, backslashes, quotes, braces, commas) as they were", async () => {
    const odd = 'a\tb\nc\\d"e{f},g NULL \u00e9';
    const draft: FindingDraft = {
      rule: "shared-credential",
      subject: { kind: "credential", key: `cred:${odd}`, name: `name ${odd}` },
      agentKeys: [`agent:${odd}`, "agent:b", "agent:a", "agent:b", "NULL", ""],
      severity: "high",
      title: `title ${odd}`,
      evidence: { summary: odd, paths: [{ nodes: [{ kind: "agent", key: odd, name: odd }], edges: [] }], facts: { n: 1, list: [odd, null] } },
      remediation: `fix ${odd}`,
    };
    const saved = await saveFindings(handle.db, [draft], { sweepId: null, now: new Date("2026-11-24T10:00:00Z") });
    expect(saved).toEqual({ findings: 1, opened: 1, reopened: 0, resolved: 0 });
    const row = (await getFinding(handle.db, findingId(draft.rule, draft.subject.key)))!;
    expect(row).toMatchObject({
      subjectKey: draft.subject.key,
      subjectName: draft.subject.name,
      agentKeys: ["", "NULL", "agent:a", `agent:${odd}`, "agent:b"].sort(),
      title: draft.title,
      evidence: draft.evidence,
      remediation: draft.remediation,
      status: "open",
    });
    // Saved again, unchanged: one finding, nothing opened.
    expect(await saveFindings(handle.db, [draft, draft], { sweepId: null })).toEqual({ findings: 1, opened: 0, reopened: 0, resolved: 0 });
    // One write with a known finding (merged) and a new one (copied straight in); then one goes and comes back.
    const other: FindingDraft = { ...draft, subject: { kind: "credential", key: "cred:other", name: "other" }, agentKeys: [] };
    expect(await saveFindings(handle.db, [draft, other], { sweepId: 7 })).toEqual({ findings: 2, opened: 1, reopened: 0, resolved: 0 });
    expect(await getFinding(handle.db, findingId(other.rule, other.subject.key))).toMatchObject({ status: "open", agentKeys: [], firstSeenSweep: 7, lastSeenSweep: 7, resolvedAt: null });
    expect(await saveFindings(handle.db, [other], { sweepId: 8 })).toEqual({ findings: 1, opened: 0, reopened: 0, resolved: 1 });
    expect(await saveFindings(handle.db, [other, draft], { sweepId: 9 })).toEqual({ findings: 2, opened: 0, reopened: 1, resolved: 0 });
    expect(await getFinding(handle.db, findingId(draft.rule, draft.subject.key))).toMatchObject({ status: "open", resolvedAt: null, lastSeenSweep: 9, firstSeenAt: new Date("2026-11-24T10:00:00Z") });
  });
});
