import path from "node:path";
import { describe, expect, it } from "vitest";
import { inventoryCollector } from "@/lib/collectors/inventory";
import { mapInventory } from "@/lib/collectors/inventory/map";
import { listInventoryProblems, parseInventoryText, validateInventory } from "@/lib/collectors/inventory/read";
import { silentContext } from "@/lib/collectors/types";
import { isAppError } from "@/lib/errors";
import {
  awsAccessKeyCredentialKey,
  providerApprovalGateKey,
  providerCredentialKey,
  providerIdentityKey,
  providerResourceKey,
} from "@/lib/graph/keys";
import type { GraphBatch } from "@/lib/graph/types";
import { validateBatch } from "@/lib/graph/validate-batch";

const EXAMPLE = path.join(import.meta.dirname, "fixtures/railway.inventory.json");
const collectExample = (): Promise<GraphBatch> => inventoryCollector.collect({ file: EXAMPLE }, silentContext(Buffer.alloc(32)));
const edge = (batch: GraphBatch, kind: string, src: string, dst: string) =>
  batch.edges.filter((e) => e.kind === kind && e.src.key === src && e.dst.key === dst);

describe("inventory collector on the documented example", () => {
  it("produces a valid batch", async () => {
    const batch = await collectExample();
    expect(() => validateBatch(batch)).not.toThrow();
  });

  it("maps ids to natural keys as documented", async () => {
    const keys = (await collectExample()).nodes.map((n) => `${n.kind} ${n.key}${n.ref ? " (ref)" : ""}`);
    expect(keys.sort()).toEqual(
      [
        `identity ${providerIdentityKey("railway", "team", "team_acme")}`,
        `identity ${providerIdentityKey("railway", "user", "usr_alice")}`,
        "identity postgres:10.0.0.5:5432:role:app (ref)",
        `resource ${providerResourceKey("railway", "project", "prj_shop")}`,
        "resource railway:volume:vol_123",
        "resource aws:arn:aws:s3:::acme-backups (ref)",
        `recovery_copy ${providerResourceKey("railway", "backup", "bk_daily")}`,
        `recovery_copy ${providerResourceKey("aws", "export", "dump_weekly")}`,
        `credential ${providerCredentialKey("railway", "tok_domains")}`,
        `credential ${awsAccessKeyCredentialKey("AKIAEXAMPLEFAKE00001")}`,
        `approval_gate ${providerApprovalGateKey("inventory", "prod-change")}`,
      ].sort(),
    );
  });

  it("emits one can edge per action with its class, and the containment and recovery edges", async () => {
    const batch = await collectExample();
    const team = providerIdentityKey("railway", "team", "team_acme");
    const project = "railway:project:prj_shop";
    const volume = "railway:volume:vol_123";
    expect(edge(batch, "can", team, project).map((e) => e.props)).toEqual([
      { action: "project.delete", class: "D1" },
      { action: "volume.delete", class: "D1" },
    ]);
    expect(edge(batch, "can", team, volume).map((e) => e.props)).toEqual([{ action: "backup.delete", class: "D2" }]);
    expect(edge(batch, "contains", project, volume)).toHaveLength(1);
    expect(edge(batch, "recovered_by", volume, "railway:backup:bk_daily")).toHaveLength(1);
    // The daily backup lives inside the volume it protects: it dies with it.
    expect(edge(batch, "stored_in", "railway:backup:bk_daily", volume)).toHaveLength(1);
    expect(edge(batch, "stored_in", "aws:export:dump_weekly", "aws:arn:aws:s3:::acme-backups")).toHaveLength(1);
    expect(edge(batch, "member_of", providerIdentityKey("railway", "user", "usr_alice"), team)).toHaveLength(1);
    expect(edge(batch, "gated_by", providerIdentityKey("railway", "user", "usr_alice"), "gate:inventory:prod-change")).toEqual([
      expect.objectContaining({ props: { actions: ["volume.delete"] } }),
    ]);
  });

  it("keeps a credential's purpose and dates, and links it to its identity", async () => {
    const batch = await collectExample();
    const key = providerCredentialKey("railway", "tok_domains");
    expect(batch.nodes.find((n) => n.key === key)).toMatchObject({
      kind: "credential",
      props: { provider: "railway", kind: "account-token", purpose: "manage custom domains", createdAt: "2025-01-10T09:00:00Z", lastUsedAt: "2025-03-01T12:30:00Z" },
    });
    expect(edge(batch, "authenticates_as", key, providerIdentityKey("railway", "user", "usr_alice"))).toHaveLength(1);
  });

  it("joins AWS principals by ARN", () => {
    const batch = mapInventory({ version: 1, identities: [{ id: "arn:aws:iam::123456789012:user/ci", provider: "aws", type: "user" }] });
    expect(batch.nodes[0].key).toBe("aws:arn:aws:iam::123456789012:user/ci");
  });
});

describe("inventory validation errors", () => {
  const withPermissions = (permissions: unknown[]) => ({
    version: 1,
    identities: [{ id: "u", provider: "p", type: "user" }],
    resources: [{ id: "r", provider: "p", type: "volume" }],
    permissions,
  });

  it("names the JSON path of a bad class", () => {
    const good = { identity: "u", resource: "r", actions: ["x"], class: "R" };
    const error = (() => {
      try {
        validateInventory(withPermissions([good, good, good, { ...good, class: "destroy" }]), "inv.json");
      } catch (e) {
        return e;
      }
    })();
    expect(isAppError(error) && error.code).toBe("bad_request:input");
    expect((error as Error).message).toMatch(/^invalid inventory inv\.json: permissions\[3\]\.class: Invalid option/);
  });

  it("names unknown references and duplicate ids", () => {
    const problems = listInventoryProblems({
      ...withPermissions([{ identity: "ghost", resource: "r", actions: ["x"], class: "D1" }]),
      resources: [
        { id: "r", provider: "p", type: "volume", parent: "nowhere" },
        { id: "r", provider: "p", type: "volume" },
      ],
    });
    expect(problems).toEqual([
      { path: "resources[1].id", message: 'duplicate id "r"' },
      { path: "resources[0].parent", message: 'unknown resource "nowhere"' },
      { path: "permissions[0].identity", message: 'unknown identity "ghost"' },
    ]);
  });

  it("gives the line of a JSON syntax error", () => {
    expect(() => parseInventoryText('{\n  "version": 1,\n  oops\n}', "bad.json")).toThrow(/^bad\.json:3: not valid JSON/);
  });

  it("fails clearly on a missing file", async () => {
    await expect(inventoryCollector.collect({ file: "/nonexistent/inv.json" }, silentContext(Buffer.alloc(32)))).rejects.toThrow(
      /cannot read inventory \/nonexistent\/inv\.json/,
    );
  });
});
