import { withDatabase } from "@/lib/cli/database";
import { parseFlags } from "@/lib/cli/main";
import type { CliIo } from "@/lib/cli/output";
import { formatTable } from "@/lib/cli/table";
import { listAgentsWithReachCounts } from "@/lib/db/queries/reach";

/** JSON shape (stable): [{ id, kind, name, key, d1, d2 }], where kind is the agent's kind (cursor, claude-code, …). */
export async function agentsCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseFlags(args, { json: { type: "boolean" } });
  const agents = await withDatabase(listAgentsWithReachCounts);
  const rows = agents
    .map((a) => ({ id: a.id, kind: a.agentKind ?? "agent", name: a.name, key: a.key, d1: a.d1, d2: a.d2 }))
    .sort((a, b) => b.d1 - a.d1 || b.d2 - a.d2 || a.name.localeCompare(b.name));
  if (values.json) {
    io.out(`${JSON.stringify(rows, null, 2)}\n`);
  } else if (rows.length === 0) {
    io.err("No agents yet: collect a workspace and ingest it first.");
  } else {
    io.out(formatTable(["ID", "KIND", "NAME", "D1", "D2"], rows.map((r) => [r.id, r.kind, r.name, r.d1, r.d2])));
  }
  return 0;
}
