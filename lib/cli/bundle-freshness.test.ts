import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { isBuildCurrent } from "@/lib/cli/bundle-freshness";

let root: string;
beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "bundle-fresh-"));
  fs.mkdirSync(path.join(root, "lib"), { recursive: true });
  fs.mkdirSync(path.join(root, "node_modules", ".cache", "blastmap-cli"), { recursive: true });
  fs.writeFileSync(path.join(root, "lib", "a.ts"), "export const a = 1;\n");
  const stat = fs.statSync(path.join(root, "lib", "a.ts"));
  const manifest = { key: "0123456789abcdef", inputs: [["lib/a.ts", stat.size, stat.mtimeMs]] };
  fs.writeFileSync(path.join(root, "node_modules", ".cache", "blastmap-cli", "manifest.json"), JSON.stringify(manifest));
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

describe("isBuildCurrent", () => {
  it("holds while the manifest names this build and every source is as it was built", () => {
    expect(isBuildCurrent("0123456789abcdef", root)).toBe(true);
    expect(isBuildCurrent("fedcba9876543210", root)).toBe(false); // another build is current
  });

  it("fails once a source changes or goes", () => {
    fs.writeFileSync(path.join(root, "lib", "a.ts"), "export const a = 2; // edited\n");
    expect(isBuildCurrent("0123456789abcdef", root)).toBe(false);
    fs.rmSync(path.join(root, "lib", "a.ts"));
    expect(isBuildCurrent("0123456789abcdef", root)).toBe(false);
  });
});
