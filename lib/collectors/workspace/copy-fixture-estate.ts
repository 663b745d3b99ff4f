/**
 * Tests only: copies fixtures/estate to a temporary folder and writes the real path where configs say
 * `__HOME__`, since agent configs such as ~/.claude.json key projects by absolute path.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export const FIXTURES_DIR = path.join(import.meta.dirname, "fixtures");

export function copyFixtureEstate(): { base: string; home: string; project: string; cleanup: () => void } {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), "blastmap-ws-"));
  fs.cpSync(path.join(FIXTURES_DIR, "estate"), base, { recursive: true });
  const home = path.join(base, "home", "alex");
  const substitute = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) substitute(full);
      else fs.writeFileSync(full, fs.readFileSync(full, "utf8").replaceAll("__HOME__", home));
    }
  };
  substitute(base);
  return { base, home, project: path.join(home, "projects", "api"), cleanup: () => fs.rmSync(base, { recursive: true, force: true }) };
}
