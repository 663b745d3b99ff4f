/**
 * The findings rules' CPU, rule by rule, on a seeded estate: what a full recompute spends outside the
 * database. Seed once with `--seed` (the synthetic estate of bench/estate.ts, through the store), then run
 * the same command from two checkouts to compare code on the same database and the same machine:
 *
 *   npx tsx bench/findings-rules.ts --url postgres://…/rulesbench --seed --edges 1000000
 *   npx tsx bench/findings-rules.ts --url postgres://…/rulesbench --rounds 5
 *
 * CPU time (process.cpuUsage) rather than wall time: on a shared machine it barely moves with the load.
 * Each round builds a fresh AnalysisContext, as every recompute does. Timing never goes in tests.
 * `findingsHash` (sha256 of every finding's rule, subject, scope, title and evidence, sorted) says whether
 * two checkouts found exactly the same things.
 */
import { createHash } from "node:crypto";
import { openDatabase } from "@/lib/db/client";
import { loadAnalysisNodes, loadEscalationEdges } from "@/lib/db/queries/findings";
import { getReachIndex } from "@/lib/db/queries/reach-index-cache";
import { AnalysisContext } from "@/lib/findings/context";
import { FINDING_RULES } from "@/lib/findings/registry";

function argument(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 && process.argv[at + 1] ? process.argv[at + 1] : fallback;
}

const cpuMs = (from: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(from);
  return (used.user + used.system) / 1000;
};
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main(): Promise<void> {
  const url = argument("url", "");
  if (!url) throw new Error("--url postgres://… is required");
  const handle = await openDatabase({ driver: "pg", url });
  try {
    if (process.argv.includes("--seed")) {
      const { seedEstate } = await import("@/bench/seed-estate");
      console.log(await seedEstate(handle, Number(argument("edges", "1000000"))));
    }
    const index = await getReachIndex(handle.db);
    const [nodes, escalations] = [await loadAnalysisNodes(handle.db), await loadEscalationEdges(handle.db)];
    const rounds = Number(argument("rounds", "5"));
    const perRule = new Map<string, number[]>();
    const totals: number[] = [];
    let findings = 0;
    let lines: string[] = [];
    for (let round = 0; round < rounds; round++) {
      global.gc?.();
      const roundStart = process.cpuUsage();
      const ctx = new AnalysisContext(index, nodes, escalations, new Date());
      findings = 0;
      const drafts = [];
      for (const rule of FINDING_RULES) {
        const start = process.cpuUsage();
        const found = rule.evaluate(ctx);
        findings += found.length;
        drafts.push(found);
        const list = perRule.get(rule.id) ?? [];
        list.push(cpuMs(start));
        perRule.set(rule.id, list);
      }
      totals.push(cpuMs(roundStart));
      lines = drafts.flat().map((d) => JSON.stringify([d.rule, d.subject.key, d.scope ?? null, d.severity, d.title, d.evidence]));
    }
    const result = {
      nodes: nodes.size,
      findings,
      findingsHash: createHash("sha256").update(lines.sort().join("\n")).digest("hex").slice(0, 16),
      rounds,
      rulesCpuMs: { median: Math.round(median(totals)), min: Math.round(Math.min(...totals)), all: totals.map(Math.round) },
      byRule: Object.fromEntries([...perRule].map(([id, list]) => [id, Math.round(median(list))])),
      // The first round, cold (compiling, closures on the index): what a recompute's one round pays.
      firstRound: Object.fromEntries([...perRule].map(([id, list]) => [id, Math.round(list[0])])),
    };
    console.log(JSON.stringify(result, null, 2));
  } finally {
    await handle.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
