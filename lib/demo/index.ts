/**
 * The demo estate: a made-up engineer's laptop (fake values only) that reproduces the incident the product
 * exists for, so a fresh install has something true-to-life to show and the tests have a whole estate.
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { AppError } from "@/lib/errors";
import type { WorkspaceConfig } from "@/lib/collectors/workspace";

export const DEMO_MACHINE = "dana-laptop";
/** Where the demo home is on dana's (imaginary) laptop: what keys, names and paths show. */
export const DEMO_HOME = "/home/dana";

/** Where lib/demo/estate is: beside this module, or under the working directory when bundled elsewhere. */
export function demoEstatePath(): string {
  const candidates = [
    path.join(path.dirname(fileURLToPath(import.meta.url)), "estate"),
    path.join(process.cwd(), "lib", "demo", "estate"),
  ];
  const found = candidates.find((dir) => fs.existsSync(path.join(dir, "home", "dana")));
  if (!found) throw new AppError("internal", `demo estate not found (looked in ${candidates.join(", ")})`);
  return found;
}

export function demoWorkspaceConfig(): WorkspaceConfig {
  const home = path.join(demoEstatePath(), "home", "dana");
  return {
    roots: [path.join(home, "projects", "storefront")],
    home,
    machine: DEMO_MACHINE,
    // Shown as dana's own laptop, wherever the app is installed.
    pathAlias: { from: home, to: DEMO_HOME },
  };
}
