import { afterEach, beforeEach, expect, it } from "vitest";
import type { DatabaseHandle } from "@/lib/db/client";
import { changeFindingsStatus, listFindingEvents, listFindingsForExport, searchFindings } from "@/lib/db/queries/finding-triage";
import { listFindings, saveFindings } from "@/lib/db/queries/findings";
import { listAgentNodes } from "@/lib/db/queries/reach";
import { describeEachDriver } from "@/lib/db/testing/drivers";
import { parseFindingQuery } from "@/lib/findings/finding-query";
import { analyzeGraph } from "@/lib/findings/run-analysis";
import { ingestBatch } from "@/lib/db/store/ingest";
import { incidentBatch } from "@/lib/graph/reach/fixtures/incident-graph";

const query = (params: Record<string, string | string[]>) => parseFindingQuery(params);

describeEachDriver("finding triage: search, sort, pages, bulk status changes and their history", (testDb) => {
  let handle: DatabaseHandle;
  beforeEach(async () => {
    handle = await testDb.create();
    await ingestBatch(handle.db, "laptop", incidentBatch());
    await analyzeGraph(handle.db, { now: new Date("2026-11-24T10:00:00Z") });
  });
  afterEach(async () => {
    await handle.close();
  });

  it("searches text, filters on several values at once, sorts and pages without overlap", async () => {
    const all = await listFindings(handle.db);
    expect(all.length).toBeGreaterThan(3);
    const everything = await searchFindings(handle.db, query({ status: "all", size: "200" }));
    expect(everything.total).toBe(all.length);
    expect(everything.rows.map((f) => f.id)).toEqual(all.map((f) => f.id));

    // Several severities at once: the union, nothing else.
    const severities = [...new Set(all.map((f) => f.severity))].slice(0, 2);
    const some = await searchFindings(handle.db, query({ status: "all", severity: severities, size: "200" }));
    expect(some.total).toBe(all.filter((f) => severities.includes(f.severity)).length);

    // Text matches the title or the subject, case-insensitively; LIKE's wildcards are plain characters.
    const subject = all[0].subjectName;
    const byText = await searchFindings(handle.db, query({ status: "all", q: subject.toUpperCase(), size: "200" }));
    expect(byText.rows.map((f) => f.id)).toContain(all[0].id);
    expect(byText.rows.every((f) => `${f.title} ${f.subjectName} ${f.subjectKey} ${f.rule}`.toLowerCase().includes(subject.toLowerCase()))).toBe(true);
    expect((await searchFindings(handle.db, query({ status: "all", q: "%" }))).total).toBe(0);

    // Sorted by title, descending, paged by 2: pages join up to the whole, in order.
    const pages = [];
    for (let page = 1; ; page++) {
      const result = await searchFindings(handle.db, query({ status: "all", sort: "title", dir: "desc", size: "25", page: String(page) }));
      pages.push(...result.rows);
      if (page >= result.pages) break;
    }
    const titles = pages.map((f) => f.title.toLowerCase());
    expect(titles).toEqual([...titles].sort().reverse());
    expect(new Set(pages.map((f) => f.id)).size).toBe(all.length);

    // An agent filter keeps the agent's findings; a page past the end shows the last page.
    const [agent] = await listAgentNodes(handle.db);
    const ofAgent = await searchFindings(handle.db, query({ status: "all", agent: String(agent.id), size: "200" }));
    expect(ofAgent.total).toBe(all.filter((f) => f.agentKeys.includes(agent.key)).length);
    const late = await searchFindings(handle.db, query({ status: "all", page: "999" }));
    expect(late.page).toBe(late.pages);
  });

  it("accepts in bulk with a reason, keeps the history, reopens, and records what the analysis changes", async () => {
    const open = (await searchFindings(handle.db, query({}))).rows;
    const chosen = open.slice(0, 2).map((f) => f.id);
    await expect(changeFindingsStatus(handle.db, chosen, { to: "accepted", reason: "  ", expiresAt: null, by: "alice" })).rejects.toThrow(/needs a reason/);

    expect(await changeFindingsStatus(handle.db, chosen, { to: "accepted", reason: "sandboxed until Q1", expiresAt: null, by: "alice" })).toEqual({ changed: 2, skipped: 0 });
    expect((await searchFindings(handle.db, query({ status: "accepted" }))).rows.map((f) => f.id).sort()).toEqual([...chosen].sort());
    // Accepting again changes nothing and records nothing.
    expect(await changeFindingsStatus(handle.db, chosen, { to: "accepted", reason: "again", expiresAt: null, by: "alice" })).toEqual({ changed: 0, skipped: 2 });

    expect(await changeFindingsStatus(handle.db, [chosen[0]], { to: "open", reason: "sandbox removed", expiresAt: null, by: "bob" })).toEqual({ changed: 1, skipped: 0 });
    const history = await listFindingEvents(handle.db, chosen[0]);
    expect(history.map((e) => [e.actor, e.fromStatus, e.toStatus, e.reason])).toEqual([
      ["bob", "accepted", "open", "sandbox removed"],
      ["alice", "open", "accepted", "sandboxed until Q1"],
    ]);

    // The analysis resolves what it no longer produces, and reopens it when produced again: both kept.
    const drafts = await listFindings(handle.db);
    await saveFindings(handle.db, [], { sweepId: null });
    expect((await listFindingEvents(handle.db, chosen[0]))[0]).toMatchObject({ actor: null, fromStatus: "open", toStatus: "resolved" });
    expect((await listFindingEvents(handle.db, chosen[1]))[0]).toMatchObject({ actor: null, fromStatus: "accepted", toStatus: "resolved" });
    await analyzeGraph(handle.db, { now: new Date("2026-11-25T10:00:00Z") });
    expect((await listFindingEvents(handle.db, chosen[0]))[0]).toMatchObject({ actor: null, fromStatus: "resolved", toStatus: "open" });
    expect((await listFindings(handle.db, { status: "open" })).length).toBe(drafts.length);
  });

  it("exports the current filter with evidence, in the list's order", async () => {
    const filter = query({ status: "all", sort: "rule" });
    const exported = await listFindingsForExport(handle.db, filter);
    const listed = await searchFindings(handle.db, { ...filter, size: 200 });
    expect(exported.total).toBe(listed.total);
    expect(exported.rows.map((f) => f.id)).toEqual(listed.rows.map((f) => f.id));
    expect(exported.rows.every((f) => typeof f.evidence === "object")).toBe(true);
  });
});
