/**
 * analyzeGraph: after an ingest, rebuild the reach index from the stored graph, run every finding rule
 * and save the findings (status carried over), recording the run in analysis_runs.
 */
import { eq, sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { loadAnalysisNodes, loadEscalationEdges, startFindingsSave, type SaveFindingsResult } from "@/lib/db/queries/findings";
import { getReachIndex, invalidateReachIndex } from "@/lib/db/queries/reach-index-cache";
import { queryRows } from "@/lib/db/rows";
import { analysisRuns } from "@/lib/db/schema";
import { describeError } from "@/lib/errors";
import { AnalysisContext } from "@/lib/findings/context";
import { FINDING_RULES } from "@/lib/findings/registry";
import type { FindingDraft } from "@/lib/findings/types";

export interface AnalyzeOptions {
  /** The sweep this analysis follows (first/last seen); defaults to the newest finished sweep. */
  sweepId?: number;
  now?: Date;
}

export interface AnalysisResult extends SaveFindingsResult {
  runId: number;
  sweepId: number | null;
  agents: number;
  bySeverity: Record<string, number>;
  byRule: Record<string, number>;
  /** saveMs is what saving adds after the last rule: most of it runs while the rules do. */
  timings: { indexMs: number; loadMs: number; rulesMs: number; saveMs: number; totalMs: number };
}

export async function analyzeGraph(db: Db, options: AnalyzeOptions = {}): Promise<AnalysisResult> {
  const started = performance.now();
  const now = options.now ?? new Date();
  const sweepId = options.sweepId ?? (await readLatestSweepId(db));
  const [run] = await db.insert(analysisRuns).values({ sweepId }).returning({ id: analysisRuns.id });
  try {
    invalidateReachIndex();
    const index = await getReachIndex(db);
    const indexDone = performance.now();
    const [nodes, escalations] = [await loadAnalysisNodes(db), await loadEscalationEdges(db)];
    const loadDone = performance.now();
    const ctx = new AnalysisContext(index, nodes, escalations, now);
    // Each rule's findings are written while the next rule runs: the database and this process work at
    // the same time, so the save mostly hides behind the rules (saveMs is what it adds after them). The
    // rules run synchronously, so rows only leave between them: after each rule its rows are COPYed in
    // before the next starts, and the database merges them while that one runs.
    let rulesDone = 0;
    const { drafts, saved } = await db.transaction(async (tx) => {
      const save = startFindingsSave(tx, { sweepId, now });
      const drafts: FindingDraft[] = [];
      for (const rule of FINDING_RULES) {
        const found = rule.evaluate(ctx);
        for (const draft of found) drafts.push(draft);
        save.write(found);
        await save.staged();
      }
      rulesDone = performance.now();
      return { drafts, saved: await save.finish() };
    });
    const saveDone = performance.now();
    const result: AnalysisResult = {
      ...saved,
      runId: run.id,
      sweepId,
      agents: [...nodes.values()].filter((n) => n.kind === "agent").length,
      bySeverity: countBy(drafts, (d) => d.severity),
      byRule: countBy(drafts, (d) => d.rule),
      timings: {
        indexMs: Math.round(indexDone - started),
        loadMs: Math.round(loadDone - indexDone),
        rulesMs: Math.round(rulesDone - loadDone),
        saveMs: Math.round(saveDone - rulesDone),
        totalMs: Math.round(saveDone - started),
      },
    };
    await db.update(analysisRuns).set({ finishedAt: new Date(), stats: { ...result } }).where(eq(analysisRuns.id, run.id));
    return result;
  } catch (error) {
    await db.update(analysisRuns).set({ finishedAt: new Date(), error: describeError(error) }).where(eq(analysisRuns.id, run.id));
    throw error;
  }
}

/** Every rule over one context, in registry order. */
export function evaluateRules(ctx: AnalysisContext): FindingDraft[] {
  return FINDING_RULES.flatMap((rule) => rule.evaluate(ctx));
}

async function readLatestSweepId(db: Db): Promise<number | null> {
  const [row] = await queryRows<{ id: number | null }>(db, sql`select max(id)::int as id from sweeps where status = 'succeeded'`);
  return row?.id === null || row?.id === undefined ? null : Number(row.id);
}

function countBy<T>(items: T[], key: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
}
