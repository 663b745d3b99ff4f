/**
 * Bash through tree-sitter-bash (the grammar Claude Code parses commands with), loaded on first use only:
 * a call that is not a shell command never pays for it.
 *
 * WHY tree-sitter over sh-syntax (mvdan/sh in WASM): measured on this machine, web-tree-sitter loads the
 * grammar in ~20 ms and parses in ~1 ms after the first parse (~10 ms), so a `bash -c '…'` re-parse is
 * nearly free; sh-syntax starts a Go WASM runtime on every parse (~40 ms each). tree-sitter recovers from
 * errors instead of failing, so a tree with ERROR or MISSING nodes is treated as a parse failure here.
 */
import { createRequire } from "node:module";
import path from "node:path";
import type { Node as SyntaxNode, Tree, Parser as TsParser } from "web-tree-sitter";

export type { SyntaxNode };

let parser: Promise<TsParser> | undefined;

/**
 * The options web-tree-sitter's Emscripten module is created from; the module writes its exports onto this
 * object (`_malloc`, `_free`), which is how parserHeapTop measures the parser's WebAssembly heap.
 */
const wasmModule: { locateFile: () => string; _malloc?: (bytes: number) => number; _free?: (address: number) => void } = {
  locateFile: () => path.join(packageDir("web-tree-sitter", "web-tree-sitter"), "web-tree-sitter.wasm"),
};

/**
 * Where a package's files are. The .wasm files are found through the package, not resolved themselves:
 * the Next build (the workspace collector runs in the server) would bundle a resolved .wasm as a module.
 * In that bundle `require.resolve` answers a module id or throws; the two packages are external there
 * (next.config.ts), so they sit in the app's own node_modules.
 */
function packageDir(name: string, fileAtItsRoot: string): string {
  let resolved: unknown;
  try {
    resolved = createRequire(import.meta.url).resolve(fileAtItsRoot);
  } catch {
    // The Next bundle replaces a resolve it cannot follow with one that throws.
  }
  return typeof resolved === "string" ? path.dirname(resolved) : path.join(process.cwd(), "node_modules", name);
}
/** The parser once loaded, for callers that cannot await at every command (see parseBashLoaded). */
let loaded: TsParser | undefined;

async function loadParser(): Promise<TsParser> {
  const { Parser, Language } = await import("web-tree-sitter");
  await Parser.init(wasmModule);
  const bash = await Language.load(path.join(packageDir("tree-sitter-bash", "tree-sitter-bash/package.json"), "tree-sitter-bash.wasm"));
  const p = new Parser();
  p.setLanguage(bash);
  loaded = p;
  return p;
}

/**
 * Loads the parser (once per process) so that `parseBashLoaded` can run synchronously afterwards: the
 * workspace collector and guard install decide many hook commands inside synchronous code.
 */
export async function loadBashParser(): Promise<void> {
  parser ??= loadParser();
  try {
    await parser;
  } catch (error) {
    parser = undefined;
    throw error;
  }
}

/**
 * The same parse as `parseBash`, synchronously, after `await loadBashParser()` (throws before it: a caller
 * that forgot would otherwise read every command as unparseable). With `recover`, a tree with ERROR nodes is
 * still returned (tree-sitter recovers around them): good enough to find secrets in, never to decide on.
 */
export function parseBashLoaded(source: string, options: { recover?: boolean } = {}): BashParse {
  if (!loaded) throw new Error("parseBashLoaded before loadBashParser: await loadBashParser() first");
  return treeOrError(loaded.parse(source), options.recover ?? false);
}

/**
 * A parse: `root` is the tree's root, whose tree lives in the parser's WebAssembly memory. The caller frees
 * it once done with every node (`root.tree.delete()`, in a finally): the JS garbage collector frees a tree
 * only when it gets round to finalising its small JS object, and WebAssembly memory never shrinks.
 */
export type BashParse = { ok: true; root: SyntaxNode } | { ok: false; error: string };

function treeOrError(tree: Tree | null, recover: boolean): BashParse {
  if (!tree) return { ok: false, error: "the shell parser returned nothing" };
  if (tree.rootNode.hasError && !recover) {
    const error = `the command does not parse as shell near "${firstError(tree.rootNode)}"`;
    tree.delete();
    return { ok: false, error };
  }
  return { ok: true, root: tree.rootNode };
}

/** Parses a shell command or script. Never throws: a fault is `{ ok: false }` with what went wrong. */
export async function parseBash(source: string): Promise<BashParse> {
  try {
    parser ??= loadParser();
    return treeOrError((await parser).parse(source), false);
  } catch (error) {
    parser = undefined;
    return { ok: false, error: `the shell parser failed to load (${(error as Error).message})` };
  }
}

function firstError(node: SyntaxNode): string {
  if (node.type === "ERROR" || node.isMissing) return node.text.slice(0, 40);
  for (const child of node.children) {
    if (child && (child.hasError || child.isMissing)) return firstError(child);
  }
  return node.text.slice(0, 40);
}

/**
 * Where a fresh 64 kB block lands in the parser's WebAssembly heap, or undefined before the parser is
 * loaded. It moves up only while memory stays allocated, so a test can see whether parses leak.
 */
export function parserHeapTop(): number | undefined {
  if (!wasmModule._malloc || !wasmModule._free) return undefined;
  const address = wasmModule._malloc(64 * 1024);
  wasmModule._free(address);
  return address;
}
