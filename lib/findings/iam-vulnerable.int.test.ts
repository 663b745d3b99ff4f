/**
 * Acceptance: on the iam-vulnerable lab export, the privilege-escalation findings name exactly the
 * principals that can escalate — every fn* (routes single-policy scanners miss), no fp* look-alike — after
 * the batch has gone through the store and the analysis, as a user would see them.
 */
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { awsIamCollector } from "@/lib/collectors/aws-iam";
import { silentContext } from "@/lib/collectors/types";
import type { DatabaseHandle } from "@/lib/db/client";
import { listFindings } from "@/lib/db/queries/findings";
import { describeEachDriver } from "@/lib/db/testing/drivers";
import { analyzeGraph } from "@/lib/findings/run-analysis";
import { ingestBatch } from "@/lib/db/store/ingest";
import type { GraphBatch } from "@/lib/graph/types";

/** The iam-vulnerable lab export (fixtures/public, from salesforce/cloudsplaining, BSD-3-Clause). */
const IAM_VULNERABLE = path.join(import.meta.dirname, "..", "collectors", "aws-iam", "fixtures", "public", "iam-vulnerable-authorization-details.json");

let batch: GraphBatch;
beforeAll(async () => {
  batch = await awsIamCollector.collect({ file: IAM_VULNERABLE }, silentContext(Buffer.alloc(32, 7)));
});

describeEachDriver("iam-vulnerable escalation findings", (testDb) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await testDb.create();
    await ingestBatch(handle.db, "aws-lab", batch);
    await analyzeGraph(handle.db);
  });
  afterAll(async () => {
    await handle?.close();
  });

  it("name exactly the principals that can escalate", async () => {
    const findings = await listFindings(handle.db, { rule: "privilege-escalation" });
    const flagged = new Set(findings.map((f) => f.subjectName));
    const identities = batch.nodes.filter((n) => n.kind === "identity" && !n.ref);
    const canEscalate = new Set(identities.filter((n) => n.props?.canEscalate === true).map((n) => n.name));

    expect(flagged).toEqual(canEscalate);
    const names = identities.map((n) => n.name);
    const fn = names.filter((n) => n.startsWith("fn"));
    const fp = names.filter((n) => n.startsWith("fp"));
    expect(fn.length).toBeGreaterThanOrEqual(8);
    for (const name of fn) expect(flagged, `${name} escalates by a route single-policy scanners miss`).toContain(name);
    for (const name of fp) expect(flagged, `${name} only looks dangerous`).not.toContain(name);
    expect(flagged.size).toBe(68);
  });
});
