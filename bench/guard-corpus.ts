/**
 * The guard corpus (lib/guard/corpus) through the Blastmap guard and through a command-name regex list,
 * the approach of popular pre-call guards (patterns modelled on dcg's documented core packs: rm -rf,
 * git push --force, DROP/TRUNCATE, kubectl delete, terraform destroy, aws … delete/rb). Prints precision
 * and recall of "block" for both, for BENCHMARKS.md. Not a timed test: `npx tsx bench/guard-corpus.ts`.
 */
import { GUARD_CORPUS, type CorpusCall } from "@/lib/guard/corpus/guard-corpus";
import { loadCorpusEstate, runCorpusCall } from "@/lib/guard/corpus/run-corpus";

/** A name-matching guard: any pattern found in the command text (or MCP tool name) blocks the call. */
const REGEX_GUARD: RegExp[] = [
  /\brm\s+(-[a-zA-Z]*[rR][a-zA-Z]*f|-[a-zA-Z]*f[a-zA-Z]*[rR])\b/,
  /\bgit\s+push\b.*(--force\b|-f\b)/,
  /\bgit\s+reset\s+--hard\b/,
  /\b(DROP\s+(TABLE|DATABASE|SCHEMA)|TRUNCATE)\b/i,
  /\bkubectl\s+delete\b/,
  /\b(terraform|tofu)\s+destroy\b/,
  /\baws\s+\S+\s+(delete-|rb\b|terminate-)/,
  /\bgcloud\b.*\bdelete\b/,
  /\bgh\s+repo\s+delete\b/,
  /\bdropdb\b/,
  /\bfly(ctl)?\s+\S+\s+destroy\b/,
  /\bvercel\s+(remove|rm|project\s+rm)\b/,
  /\bsupabase\s+db\s+reset\b/,
  /\bneonctl\s+\S+\s+delete\b/,
  /\brailway\s+(delete|down|volume\s+delete)\b/,
  /\b(delete|drop|destroy)_?\w*/i,
];

function regexBlocks(call: CorpusCall, fill: (s: string) => string): boolean {
  if (call.mcp) return /delete|drop|destroy/i.test(call.mcp.tool);
  const text = fill(call.command ?? "");
  // The last, broad pattern stands for the MCP-tool rules; shell commands use the command packs only.
  return REGEX_GUARD.slice(0, -1).some((re) => re.test(text));
}

function score(results: { expect: "block" | "pass"; blocked: boolean }[]) {
  const tp = results.filter((r) => r.blocked && r.expect === "block").length;
  const fp = results.filter((r) => r.blocked && r.expect === "pass").length;
  const fn = results.filter((r) => !r.blocked && r.expect === "block").length;
  return { tp, fp, fn, precision: tp / Math.max(1, tp + fp), recall: tp / Math.max(1, tp + fn) };
}

const estate = await loadCorpusEstate();
const guard: { expect: "block" | "pass"; blocked: boolean; id: string }[] = [];
const regex: typeof guard = [];
for (const call of GUARD_CORPUS) {
  const result = await runCorpusCall("claude-code", call, estate);
  guard.push({ id: call.id, expect: call.expect, blocked: result.decision.verdict !== "allow" });
  regex.push({ id: call.id, expect: call.expect, blocked: regexBlocks(call, estate.fill) });
}
const g = score(guard);
const r = score(regex);
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
console.log(`corpus: ${GUARD_CORPUS.length} calls (${GUARD_CORPUS.filter((c) => c.expect === "block").length} to block, ${GUARD_CORPUS.filter((c) => c.expect === "pass").length} to pass)`);
console.log(`| guard | precision | recall | blocked right | blocked wrongly | missed |`);
console.log(`|---|---|---|---|---|---|`);
console.log(`| Blastmap guard | ${pct(g.precision)} | ${pct(g.recall)} | ${g.tp} | ${g.fp} | ${g.fn} |`);
console.log(`| command-name regex list | ${pct(r.precision)} | ${pct(r.recall)} | ${r.tp} | ${r.fp} | ${r.fn} |`);
console.log(`regex missed: ${regex.filter((x) => !x.blocked && x.expect === "block").map((x) => x.id).join(", ")}`);
console.log(`regex blocked wrongly: ${regex.filter((x) => x.blocked && x.expect === "pass").map((x) => x.id).join(", ")}`);
console.log(`guard missed: ${guard.filter((x) => !x.blocked && x.expect === "block").map((x) => x.id).join(", ") || "none"}; blocked wrongly: ${guard.filter((x) => x.blocked && x.expect === "pass").map((x) => x.id).join(", ") || "none"}`);
