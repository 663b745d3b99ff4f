import fs from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import { silentContext } from "@/lib/collectors/types";
import { workspaceCollector } from "@/lib/collectors/workspace";
import { fingerprintSecret } from "@/lib/credentials/fingerprint";
import type { DatabaseHandle } from "@/lib/db/client";
import { buildGuardSnapshot } from "@/lib/db/queries/guard-snapshot";
import { invalidateReachIndex } from "@/lib/db/queries/reach-index-cache";
import { describeEachDriver } from "@/lib/db/testing/drivers";
import { demoWorkspaceConfig } from "@/lib/demo";
import { ingestBatch } from "@/lib/db/store/ingest";
import { fingerprintKeyId, snapshotSchema } from "@/lib/guard/snapshot";

const KEY = Buffer.from("guard-snapshot-int-test-fingerprint-key-0123");

/** The Railway token of the incident, as the demo's custom-domains script exports it. */
function demoRailwayToken(): string {
  const script = fs.readFileSync(path.join(demoWorkspaceConfig().roots[0], "scripts", "custom-domains.sh"), "utf8");
  return /RAILWAY_TOKEN=(\S+)/.exec(script)![1];
}

describeEachDriver("guard snapshot from the graph", (testDb) => {
  let handle: DatabaseHandle;
  beforeEach(async () => {
    handle = await testDb.create();
    invalidateReachIndex();
    await ingestBatch(handle.db, "dana-laptop", await workspaceCollector.collect(demoWorkspaceConfig(), silentContext(KEY)));
  });
  afterEach(async () => {
    await handle.close();
  });

  it("tells the hook what the incident's token can destroy, where it was found, and never the token", async () => {
    const snapshot = await buildGuardSnapshot(handle.db, { fingerprintKeyId: fingerprintKeyId(KEY), now: new Date("2026-12-06T08:00:00Z") });
    expect(snapshotSchema.parse(snapshot)).toEqual(snapshot);

    const token = demoRailwayToken();
    const railway = snapshot.credentials[fingerprintSecret(KEY, token)];
    expect(railway).toMatchObject({ provider: "railway", kind: "account-token", preview: "fa4e…cafe", backupsDie: true });
    expect(railway.foundIn.map((file) => path.basename(file)).sort()).toEqual(["custom-domains.sh", "mcp.json"]);
    const volumeDelete = railway.reach.find((row) => row.action === "volumeDelete");
    expect(volumeDelete).toMatchObject({ class: "D1", resource: { kind: "resource" } });
    expect(volumeDelete!.dies.length).toBeGreaterThan(0);
    expect(railway.reach.every((row) => ["D1", "D2", "D3", "D4", "D5"].includes(row.class))).toBe(true);
    expect(railway.reach[0].class).toBe("D1");

    const cursor = snapshot.agents.find((agent) => agent.kind === "cursor")!;
    expect(cursor.workspaceRoots).toEqual(["/home/dana/projects/storefront"]); // as shown for dana's laptop (the demo's path alias)
    expect(cursor.credentials).toContain(fingerprintSecret(KEY, token));
    // Its Railway MCP server, with the token it is configured with: MCP calls are decided with it.
    expect(cursor.mcpServers).toEqual([
      expect.objectContaining({ name: "railway", endpoint: "npx -y @railway/mcp-server", credentials: [fingerprintSecret(KEY, token)] }),
    ]);
    expect(cursor.mcpServers[0].configFile).toMatch(/\.cursor\/mcp\.json$/);

    const text = JSON.stringify(snapshot);
    expect(text).not.toContain(token);
    expect(text).not.toContain(token.slice(4, 16));
  });
});
