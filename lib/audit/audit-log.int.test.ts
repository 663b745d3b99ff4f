/**
 * The audit log on every driver: entries are written and read back with filters and pages, exported as
 * CSV, and the database itself refuses to change or delete one.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { auditCsvRow } from "@/lib/audit/audit-csv";
import { recordAudit } from "@/lib/audit/record-audit";
import type { DatabaseHandle } from "@/lib/db/client";
import { countAuditEntries, iterateAuditEntries, listAuditEntries } from "@/lib/db/queries/audit";
import { describeEachDriver } from "@/lib/db/testing/drivers";

describeEachDriver("audit log", (testDb) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await testDb.create();
    for (let i = 0; i < 25; i++) {
      await recordAudit(handle.db, { actor: { userId: 1, name: i % 2 ? "ana" : "bob" }, action: i % 5 ? "sweep.run" : "finding.accept", target: `source:${i}`, address: "192.0.2.5" });
    }
    await recordAudit(handle.db, { actor: { name: "=cmd|' /C calc'!A0" }, action: "auth.sign_in", outcome: "failure", target: "x".repeat(5000), address: null });
  });
  afterAll(async () => handle?.close());

  it("filters by action, actor and outcome, and pages newest first", async () => {
    expect(await countAuditEntries(handle.db, {})).toBe(26);
    expect(await countAuditEntries(handle.db, { action: "finding.accept" })).toBe(5);
    expect(await countAuditEntries(handle.db, { actor: "ana", action: "sweep.run" })).toBe(10);
    expect(await countAuditEntries(handle.db, { outcome: "failure" })).toBe(1);
    const first = await listAuditEntries(handle.db, {}, { limit: 10 });
    const second = await listAuditEntries(handle.db, {}, { limit: 10, before: first[9].id });
    expect(first[0].action).toBe("auth.sign_in");
    expect(second[0].id).toBeLessThan(first[9].id);
    expect(new Set([...first, ...second].map((e) => e.id)).size).toBe(20);
    expect(await countAuditEntries(handle.db, { from: new Date(Date.now() + 86_400_000) })).toBe(0);
  });

  it("bounds what requests put in it", async () => {
    const [entry] = await listAuditEntries(handle.db, { outcome: "failure" }, { limit: 1 });
    expect(entry.target!.length).toBeLessThanOrEqual(201);
  });

  it("exports every row as CSV that a spreadsheet will not run", async () => {
    let rows = 0;
    let text = "";
    for await (const batch of iterateAuditEntries(handle.db, {}, 7)) {
      rows += batch.length;
      text += batch.map(auditCsvRow).join("");
    }
    expect(rows).toBe(26);
    expect(text).toContain(`,'=cmd|' /C calc'!A0,`);
    expect(text).not.toMatch(/(^|,)=cmd/m);
  });

  it("cannot be changed or deleted, even with the app's own connection", async () => {
    await expect(handle.db.execute(sql`update audit_log set actor = 'someone else'`)).rejects.toThrow();
    await expect(handle.db.execute(sql`delete from audit_log`)).rejects.toThrow();
    await expect(handle.db.execute(sql`truncate audit_log`)).rejects.toThrow();
    expect(await countAuditEntries(handle.db, {})).toBe(26);
    expect(await countAuditEntries(handle.db, { actor: "someone else" })).toBe(0);
  });
});
