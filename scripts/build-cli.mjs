/**
 * Bundles the `blastmap` CLI ahead of time, so a command starts in node's time instead of tsx compiling
 * TypeScript at every start (the guard's hook runs before every tool call an agent makes).
 *
 * esbuild writes ESM chunks with code splitting: lib/cli/main.ts dynamically imports each command, so each
 * command is a chunk and loads only what it needs. Our sources and a few small pure-JS packages are
 * bundled (loading zod's many files unbundled costs ~50 ms); every other package stays a bare import
 * resolved from node_modules (database drivers, WASM parsers, anything that finds its own files).
 *
 * The output goes to node_modules/.cache/blastmap-cli/<key>/ with a manifest listing every input file and
 * its size and mtime: bin/blastmap.mjs checks them at start and rebuilds when one changed, so a stale
 * bundle never runs. `npm ci` / `npm install` build it through the `prepare` script.
 *
 * Plain JavaScript, no TypeScript: it runs before anything can compile TypeScript.
 */
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const CACHE_DIR = path.join(ROOT, "node_modules", ".cache", "blastmap-cli");
export const MANIFEST = path.join(CACHE_DIR, "manifest.json");

/** Small pure-JS packages bundled into the chunks that use them; every other package stays external. */
const BUNDLED_PACKAGES = new Set(["zod", "jsonc-parser", "smol-toml", "yaml", "graphql"]);

/**
 * Read by esbuild but not through an import: a change to them changes the bundle. The bundled packages'
 * files are not listed one by one: their versions change only with package-lock.json.
 */
const CONFIG_INPUTS = ["tsconfig.json", "package.json", "package-lock.json", "scripts/build-cli.mjs"];

function packageName(specifier) {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
}

/**
 * Keeps `import.meta.url` / `import.meta.dirname` meaning the source file's own location, as they do under
 * tsx: code finds files beside it (migrations, the scan worker, the demo estate) from there.
 */
const sourceLocationPlugin = {
  name: "source-location",
  setup(build) {
    build.onLoad({ filter: /\.(ts|tsx|mts)$/ }, async (args) => {
      if (args.path.includes(`${path.sep}node_modules${path.sep}`)) return undefined;
      let contents = await fs.promises.readFile(args.path, "utf8");
      if (contents.includes("import.meta.")) {
        contents = contents
          .replaceAll("import.meta.url", JSON.stringify(pathToFileURL(args.path).href))
          .replaceAll("import.meta.dirname", JSON.stringify(path.dirname(args.path)))
          .replaceAll("import.meta.filename", JSON.stringify(args.path));
      }
      return { contents, loader: args.path.endsWith("x") ? "tsx" : "ts" };
    });
  },
};

/**
 * zod's `locales` namespace export (`export * as locales` in zod, zod/mini and zod/v4/core): 267 kB of
 * messages in 40-odd languages that nothing here reads (classic zod imports `locales/en.js` directly), which
 * survived tree-shaking in the shared zod chunk, so the guard hook loaded it at every call (the zod chunk goes
 * from 424 kB to 157 kB without it). Added by guard-core-2 (lib/guard/README.md).
 */
const zodLocalesPlugin = {
  name: "zod-locales",
  setup(build) {
    build.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      args.importer.includes(`${path.sep}zod${path.sep}`) ? { path: "zod-locales", namespace: "empty-module" } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: "empty-module" }, () => ({ contents: "export {};", loader: "js" }));
  },
};

const externalPackagesPlugin = {
  name: "external-packages",
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith("@/") || args.path.startsWith("node:")) return undefined;
      if (BUNDLED_PACKAGES.has(packageName(args.path))) return undefined;
      return { path: args.path, external: true };
    });
  },
};

/** Size and mtime of every input, the same way bin/blastmap.mjs checks them. */
function statInputs(files) {
  return files.map((file) => {
    const stat = fs.statSync(path.join(ROOT, file));
    return [file, stat.size, stat.mtimeMs];
  });
}

/**
 * Builds the bundle and points the manifest at it. Safe when several processes build at once: each builds
 * into a directory of its own and the manifest is replaced atomically.
 */
export async function buildCli({ quiet = false } = {}) {
  const { build } = await import("esbuild");
  fs.mkdirSync(CACHE_DIR, { recursive: true });
  const staging = path.join(CACHE_DIR, `tmp-${process.pid}-${randomBytes(4).toString("hex")}`);
  const result = await build({
    absWorkingDir: ROOT,
    // warm-guard-hook: what bin loads first for `guard hook` (lib/cli/warm-guard-hook.ts).
    entryPoints: { main: "lib/cli/main.ts", "warm-guard-hook": "lib/cli/warm-guard-hook.ts" },
    outdir: staging,
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    // ESM builds first: jsonc-parser's CommonJS main is a UMD wrapper whose require("./impl/…") calls a
    // bundler cannot follow.
    mainFields: ["module", "main"],
    tsconfig: path.join(ROOT, "tsconfig.json"),
    outExtension: { ".js": ".mjs" },
    chunkNames: "chunks/[name]-[hash]",
    minify: true,
    keepNames: true,
    sourcemap: "linked",
    metafile: true,
    logLevel: quiet ? "error" : "warning",
    plugins: [zodLocalesPlugin, externalPackagesPlugin, sourceLocationPlugin],
    // Bundled CommonJS packages call require(); give the ESM chunks one.
    banner: { js: 'import { createRequire as __blastmapRequire } from "node:module"; const require = __blastmapRequire(import.meta.url);' },
  });
  // Which sources each chunk holds, for whoever wonders why a command loads what it loads.
  fs.writeFileSync(path.join(staging, "metafile.json"), JSON.stringify(result.metafile));
  // Files only: a plugin's virtual module (`empty-module:zod-locales`) has nothing to stat.
  const sources = Object.keys(result.metafile.inputs).filter((file) => !file.startsWith("node_modules/") && !/^[\w-]+:/.test(file));
  const inputs = [...new Set([...sources, ...CONFIG_INPUTS])].sort();
  const stats = statInputs(inputs);
  const key = createHash("sha256").update(JSON.stringify(stats)).digest("hex").slice(0, 16);
  const target = path.join(CACHE_DIR, key);
  try {
    fs.renameSync(staging, target);
  } catch {
    fs.rmSync(staging, { recursive: true, force: true }); // another process built the same sources first
  }
  const manifestTmp = `${MANIFEST}.${process.pid}.tmp`;
  fs.writeFileSync(manifestTmp, JSON.stringify({ key, entry: path.join(key, "main.mjs"), warmGuardHook: path.join(key, "warm-guard-hook.mjs"), inputs: stats }));
  fs.renameSync(manifestTmp, MANIFEST);
  removeOldBuilds(key);
  if (!quiet) console.log(`blastmap CLI bundled (${inputs.length} inputs) into ${path.relative(ROOT, target)}`);
  return path.join(target, "main.mjs");
}

/** Builds older than an hour, except the current one (a running process may still load its chunks). */
function removeOldBuilds(keep) {
  const hourAgo = Date.now() - 3_600_000;
  for (const name of fs.readdirSync(CACHE_DIR)) {
    if (name === keep || name === "manifest.json") continue;
    const full = path.join(CACHE_DIR, name);
    try {
      if (fs.statSync(full).mtimeMs < hourAgo) fs.rmSync(full, { recursive: true, force: true });
    } catch {
      // gone already
    }
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  // `npm ci` runs this (prepare): a failed build must not fail the install, the CLI then runs through tsx.
  try {
    await buildCli();
  } catch (error) {
    console.warn(`blastmap CLI not bundled (${error.message.split("\n")[0]}); it will run through tsx, more slowly.`);
  }
}
