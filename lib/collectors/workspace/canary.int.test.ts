/**
 * Canary, stored: the batch of a workspace with a unique secret in every secret position is loaded as a
 * sweep (ingest, analysis, findings, diff) on every driver: each becomes exactly one credential, and no
 * table holds any canary, plain or encoded.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, afterEach, beforeEach, expect, it } from "vitest";
import { silentContext } from "@/lib/collectors/types";
import { fingerprintSecret } from "@/lib/credentials/fingerprint";
import { canaryNeedles, findCanaries } from "@/lib/credentials/testing/canary-needles";
import type { DatabaseHandle } from "@/lib/db/client";
import { findOrCreateSource } from "@/lib/db/queries/sources";
import { queryRows } from "@/lib/db/rows";
import { describeEachDriver } from "@/lib/db/testing/drivers";
import { dumpTables } from "@/lib/db/testing/dump-tables";
import { validateBatch } from "@/lib/graph/validate-batch";
import { pushBatchAsSweep } from "@/lib/sweeps/push-batch";
import { workspaceCollector } from "./index";
import { plantCanaryEstate } from "./testing/canary-estate";

const KEY = Buffer.from("canary-fingerprint-key-0123456789abcdef");
const work = fs.mkdtempSync(path.join(os.tmpdir(), "blastmap-canary-db-"));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));
const estate = plantCanaryEstate(work);
const batch = validateBatch(await workspaceCollector.collect({ roots: [estate.root], home: estate.home, machine: "canary" }, silentContext(KEY)));


describeEachDriver("canary secrets after a workspace sweep", (testDb) => {
  let handle: DatabaseHandle;
  beforeEach(async () => {
    handle = await testDb.create();
  });
  afterEach(async () => {
    await handle.close();
  });

  it("are stored as credentials, one each, and no table holds one in plain text", { timeout: 120_000 }, async () => {
    const source = await findOrCreateSource(handle.db, "canary", "workspace");
    await pushBatchAsSweep(handle.db, source, batch, KEY);
    const stored = await dumpTables(handle);
    const rows = await queryRows<{ fingerprint: string | null }>(handle.db, sql`select props->>'fingerprint' as fingerprint from nodes where key like 'cred:%'`);
    const fingerprints = new Set(rows.map((row) => row.fingerprint));
    const missing = Object.entries(estate.canaries)
      .filter(([, secret]) => !fingerprints.has(fingerprintSecret(KEY, secret)))
      .map(([name]) => name);
    expect(missing, "planted positions that were not stored as a credential").toEqual([]);
    expect(rows).toHaveLength(Object.keys(estate.canaries).length);
    expect(findCanaries(stored, canaryNeedles(estate.canaries))).toEqual([]);
  });
});
