#!/usr/bin/env node
// The `blastmap` command: runs lib/cli/main.ts through tsx, with the repository's tsconfig (for the @/ alias).
import path from "node:path";
import { fileURLToPath } from "node:url";
import { register } from "tsx/esm/api";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
register({ tsconfig: path.join(root, "tsconfig.json") });
const { main } = await import(path.join(root, "lib", "cli", "main.ts"));
process.exitCode = await main(process.argv.slice(2));
