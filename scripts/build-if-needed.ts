/**
 * `next build` only when the sources changed since the last build: a fingerprint of everything the
 * build reads is kept next to the build output.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

const ROOT = process.cwd();
const INPUTS = ["app", "components", "lib", "proxy.ts", "next.config.ts", "tsconfig.json", "package-lock.json"];
const STAMP = path.join(ROOT, ".next", "blastmap-build-hash");

export function sourceFingerprint(): string {
  const hash = createHash("sha256");
  const visit = (entry: string) => {
    const full = path.join(ROOT, entry);
    if (!fs.existsSync(full)) return;
    const stat = fs.statSync(full);
    if (stat.isDirectory()) {
      for (const child of fs.readdirSync(full).sort()) {
        if (child === "fixtures" || child === "node_modules") continue;
        visit(path.join(entry, child));
      }
    } else if (!/\.(test|int\.test)\.tsx?$/.test(entry)) {
      hash.update(entry).update("\0").update(fs.readFileSync(full)).update("\0");
    }
  };
  INPUTS.forEach(visit);
  return hash.digest("hex");
}

export function buildIfNeeded(): void {
  const fingerprint = sourceFingerprint();
  const built = fs.existsSync(path.join(ROOT, ".next", "BUILD_ID")) && fs.existsSync(STAMP) && fs.readFileSync(STAMP, "utf8") === fingerprint;
  if (built) return;
  console.log("Building the app (first start, or the sources changed)…");
  const result = spawnSync(path.join(ROOT, "node_modules", ".bin", "next"), ["build"], { stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  if (result.status !== 0) {
    console.error("blastmap: the build failed (see above).");
    process.exit(1);
  }
  fs.writeFileSync(STAMP, fingerprint);
}

if (import.meta.url === `file://${process.argv[1]}`) buildIfNeeded();
