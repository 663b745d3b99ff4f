import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  defaultSnapshotPath,
  fingerprintKeyId,
  fingerprintKeyPath,
  readFingerprintKey,
  readSnapshot,
  tryReadSnapshot,
  type GuardSnapshotInput,
} from "@/lib/guard/snapshot";

const KEY = Buffer.from("k".repeat(43), "utf8");
const FP = "a".repeat(64);

function sample(): GuardSnapshotInput {
  return {
    version: 1,
    createdAt: "2026-12-06T07:00:00.000Z",
    fingerprintKeyId: fingerprintKeyId(KEY),
    credentials: {
      [FP]: {
        key: `credential:${FP}`,
        provider: "railway",
        kind: "account-token",
        preview: "fa4e…cafe",
        foundIn: ["/home/dana/projects/storefront/scripts/custom-domains.sh"],
        identity: { key: "railway:user:dana", name: "dana (Railway account)" },
        assumed: true,
        reach: [
          { action: "volumeDelete", class: "D1", resource: { key: "railway:volume:pg", kind: "resource", name: "pg-data" }, dies: ["nightly backups"] },
        ],
        backupsDie: true,
      },
    },
    agents: [{ key: "agent:cursor:dana", name: "Cursor (dana)", kind: "cursor", workspaceRoots: ["/home/dana/projects/storefront"] }],
  };
}

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "guard-snapshot-"));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function write(value: unknown, name = "snapshot.json"): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, typeof value === "string" ? value : JSON.stringify(value));
  return file;
}

describe("readSnapshot", () => {
  it("reads a valid snapshot and fills the defaults", () => {
    const snapshot = readSnapshot(write(sample()));
    expect(snapshot.credentials[FP].reach[0].class).toBe("D1");
    expect(snapshot.credentials[FP].gates).toEqual([]);
    expect(snapshot.agents[0].credentials).toEqual([]);
    expect(snapshot.source).toBe("local");
  });

  it("says to run sync when there is no snapshot", () => {
    expect(() => readSnapshot(path.join(dir, "none.json"))).toThrow(/No guard snapshot at .*blastmap guard sync/);
    expect(tryReadSnapshot(path.join(dir, "none.json"))).toMatchObject({ ok: false, missing: true });
  });

  it("names the field that is wrong", () => {
    const bad = sample();
    (bad.credentials[FP].reach[0] as { class: string }).class = "D9";
    expect(() => readSnapshot(write(bad))).toThrow(/invalid at credentials\.a+\.reach\.0\.class/);
  });

  it("rejects a fingerprint that is not one, text that is not JSON, and another version", () => {
    const bad = sample();
    bad.credentials = { "not-hex": bad.credentials[FP] };
    expect(tryReadSnapshot(write(bad))).toMatchObject({ ok: false, missing: false });
    expect(() => readSnapshot(write("{oops"))).toThrow(/is not JSON/);
    expect(() => readSnapshot(write({ ...sample(), version: 2 }))).toThrow(/has version 2; this blastmap reads version 1/);
  });
});

describe("where the snapshot and its key live", () => {
  it("defaults to the user's Blastmap folder; BLASTMAP_GUARD_SNAPSHOT overrides", () => {
    expect(defaultSnapshotPath({ HOME: "/home/dana" })).toBe("/home/dana/.blastmap/guard/snapshot.json");
    expect(defaultSnapshotPath({ HOME: "/home/dana", BLASTMAP_GUARD_SNAPSHOT: "/etc/blastmap/s.json" })).toBe("/etc/blastmap/s.json");
    expect(fingerprintKeyPath("/etc/blastmap/s.json")).toBe("/etc/blastmap/fingerprint.key");
  });

  it("takes the key from the environment first, else the key file, and refuses one the snapshot was not made with", () => {
    const file = write(sample());
    const snapshot = readSnapshot(file);
    expect(readFingerprintKey({}, file, snapshot)).toMatchObject({ ok: false, reason: expect.stringMatching(/No fingerprint key/) });
    fs.writeFileSync(fingerprintKeyPath(file), KEY.toString("utf8"), { mode: 0o600 });
    expect(readFingerprintKey({}, file, snapshot)).toMatchObject({ ok: true, from: "file" });
    expect(readFingerprintKey({ BLASTMAP_FINGERPRINT_KEY: "x".repeat(40) }, file, snapshot)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/not the one the snapshot was made with/),
    });
    expect(readFingerprintKey({ BLASTMAP_FINGERPRINT_KEY: KEY.toString("utf8") }, file, snapshot)).toMatchObject({ ok: true, from: "env" });
  });

  it("the key id says nothing about the key but tells two keys apart", () => {
    const id = fingerprintKeyId(KEY);
    expect(id).toMatch(/^[0-9a-f]{16}$/);
    expect(id).not.toContain(KEY.toString("hex").slice(0, 8));
    expect(fingerprintKeyId(Buffer.from("j".repeat(43)))).not.toBe(id);
  });
});

describe("a snapshot read again", () => {
  it("is parsed once while the file stays the same, and read again once sync replaces it", () => {
    const file = write(sample());
    const first = readSnapshot(file);
    expect(readSnapshot(file)).toBe(first);
    const next = sample();
    next.agents[0].name = "Cursor (renamed)";
    const replacement = `${file}.tmp`;
    fs.writeFileSync(replacement, JSON.stringify(next));
    fs.renameSync(replacement, file); // as guard sync writes it
    expect(readSnapshot(file).agents[0].name).toBe("Cursor (renamed)");
  });
});
