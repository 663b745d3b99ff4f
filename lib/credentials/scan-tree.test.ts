import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countScanWorkers } from "@/lib/credentials/scan-pool";
import { scanTree } from "@/lib/credentials/scan-tree";
import { createFakeSecrets, type PlantedSecret } from "@/lib/credentials/testing/fake-secrets";

const KEY = Buffer.alloc(32, 9);
let root: string;
let outside: string;
const plants: PlantedSecret[] = [];

function write(rel: string, text: string | Buffer) {
  const file = path.join(root, rel);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
}

beforeAll(() => {
  root = mkdtempSync(path.join(os.tmpdir(), "blastmap-scan-"));
  outside = mkdtempSync(path.join(os.tmpdir(), "blastmap-outside-"));
  const fakes = createFakeSecrets(1234);
  // Every kind, twice over, in different folders; the same value planted twice merges into one credential.
  let i = 0;
  for (let round = 0; round < 2; round++) {
    for (const make of Object.values(fakes.planted)) {
      const plant = make();
      plants.push(plant);
      write(`pkg${i % 5}/src/file-${i}.ts`, `export const a${i} = 1;\n${plant.text}// end\n`);
      i++;
    }
  }
  const shared = fakes.planted.stripeSecret();
  plants.push(shared);
  write("a/.env", shared.text);
  write("b/config/.env.production", shared.text);
  for (const [name, make] of Object.entries(fakes.lookAlikes)) write(`lookalikes/${name}.ts`, `const z = 0;\n${make().text}`);
  // Vendored and git internals are skipped by default; .gitignore hides nothing.
  write("node_modules/lib/index.js", fakes.planted.githubClassic().text);
  write(".gitignore", "secrets/\n");
  const ignored = fakes.planted.neon();
  plants.push(ignored);
  write("secrets/neon.sh", ignored.text);
  // Safety: binary, oversized, unreadable, symlinks out of the root and loops.
  write("bin/blob.bin", Buffer.from([1, 2, 0, 3, 4]));
  write("big/huge.txt", "x".repeat(64 * 1024));
  write("locked/secret.txt", "nothing to see");
  chmodSync(path.join(root, "locked/secret.txt"), 0o000);
  writeFileSync(path.join(outside, "stolen.env"), fakes.planted.githubClassic().text);
  symlinkSync(outside, path.join(root, "link-out"));
  symlinkSync(root, path.join(root, "pkg0/loop"));
});

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
  rmSync(outside, { recursive: true, force: true });
});

// Worker threads start in a few hundred milliseconds, far longer on a loaded machine.
describe("scanTree", { timeout: 30_000 }, () => {
  it("finds every planted secret, merges duplicates, and puts no plaintext anywhere in the result (canary)", async () => {
    const result = await scanTree([root], { fingerprintKey: KEY, maxFileBytes: 32 * 1024 });
    const serialized = JSON.stringify(result);
    for (const plant of plants) {
      expect(serialized, `${plant.provider} ${plant.kind} leaked`).not.toContain(plant.secret);
      // No long fragment either (a preview shows at most 4 + 4 characters).
      const middle = plant.secret.slice(Math.floor(plant.secret.length / 2) - 6, Math.floor(plant.secret.length / 2) + 6);
      expect(serialized).not.toContain(middle);
      expect(
        result.credentials.some((c) => c.provider === plant.provider && c.kind === plant.kind && c.locations.length > 0),
        `${plant.provider} ${plant.kind} not found`,
      ).toBe(true);
    }
    const stripe = result.credentials.filter((c) => c.locations.some((l) => l.file.endsWith(".env") || l.file.endsWith(".env.production")));
    expect(stripe).toHaveLength(1);
    expect(stripe[0].locations).toHaveLength(2);
    expect(result.credentials.some((c) => c.locations.some((l) => l.file.includes("lookalikes")))).toBe(false);
    expect(result.credentials.some((c) => c.locations.some((l) => l.file.includes("node_modules")))).toBe(false);
    expect(result.credentials.some((c) => c.locations.some((l) => l.file.includes("secrets/neon.sh")))).toBe(true);
  });

  it("turns unreadable, binary, oversized files and outbound symlinks into warnings and still finishes", async () => {
    const result = await scanTree([root], { fingerprintKey: KEY, maxFileBytes: 32 * 1024 });
    const codes = (code: string) => result.warnings.filter((w) => w.code === code).map((w) => path.relative(root, w.location?.file ?? ""));
    expect(codes("binary_file")).toEqual(["bin/blob.bin"]);
    expect(codes("file_too_large")).toEqual(["big/huge.txt"]);
    expect(codes("symlink_outside_roots")).toEqual(["link-out"]);
    if (process.getuid?.() !== 0) expect(codes("file_unreadable")).toEqual(["locked/secret.txt"]);
    expect(result.credentials.some((c) => c.locations.some((l) => l.file.includes("link-out") || l.file.includes("loop")))).toBe(false);
    expect(result.filesScanned).toBeGreaterThan(40);
  });

  it("gives the same result in-thread as on workers, and honours skipDirs", async () => {
    const onWorkers = await scanTree([root], { fingerprintKey: KEY, maxFileBytes: 32 * 1024 });
    expect(countScanWorkers().batchesCompleted).toBeGreaterThan(0);
    const inThread = await scanTree([root], { fingerprintKey: KEY, maxFileBytes: 32 * 1024, workers: 0 });
    expect(inThread.credentials).toEqual(onWorkers.credentials);
    const withVendored = await scanTree([root], { fingerprintKey: KEY, skipDirs: [], workers: 0 });
    expect(withVendored.credentials.some((c) => c.locations.some((l) => l.file.includes("node_modules")))).toBe(true);
  });

  it("stops when cancelled", async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(scanTree([root], { fingerprintKey: KEY, signal: controller.signal })).rejects.toThrow(/cancelled/);
  });
});
