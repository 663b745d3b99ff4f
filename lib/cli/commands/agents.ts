import { withDatabase } from "@/lib/cli/database";
import { parseFlags } from "@/lib/cli/main";
import type { CliIo } from "@/lib/cli/output";
import { formatTable } from "@/lib/cli/table";
import { listAgentsWithReachCounts } from "@/lib/db/queries/reach";
import { COUNT_LABELS } from "@/lib/graph/reach/counting-rule";

/**
 * JSON shape (stable): [{ id, kind, name, key, d1, d2, atRisk, resources: { D1, D2 } }], where kind is the
 * agent's kind (cursor, claude-code, …), d1/d2 are D1/D2 actions and atRisk the resources at risk, by the
 * counting rule (lib/graph/reach/counting-rule.ts): the numbers the pages show.
 */
export async function agentsCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseFlags(args, { json: { type: "boolean" } });
  const agents = await withDatabase(listAgentsWithReachCounts);
  const rows = agents
    .map((a) => ({
      id: a.id,
      kind: a.agentKind ?? "agent",
      name: a.name,
      key: a.key,
      d1: a.d1,
      d2: a.d2,
      atRisk: a.counts.atRisk,
      resources: { D1: a.counts.resources.D1, D2: a.counts.resources.D2 },
    }))
    .sort((a, b) => b.d1 - a.d1 || b.d2 - a.d2 || a.name.localeCompare(b.name));
  if (values.json) {
    io.out(`${JSON.stringify(rows, null, 2)}\n`);
  } else if (rows.length === 0) {
    io.err("No agents yet: collect a workspace and ingest it first.");
  } else {
    io.out(
      formatTable(
        ["ID", "KIND", "NAME", COUNT_LABELS.actions("D1").toUpperCase(), COUNT_LABELS.actions("D2").toUpperCase(), COUNT_LABELS.atRisk.toUpperCase()],
        rows.map((r) => [r.id, r.kind, r.name, r.d1, r.d2, r.atRisk]),
      ),
    );
    io.out(`\n${COUNT_LABELS.actions("D1")}: ${COUNT_LABELS.explain.actions}; ${COUNT_LABELS.atRisk}: ${COUNT_LABELS.explain.atRisk}.\n`);
  }
  return 0;
}
