import { withDatabase } from "@/lib/cli/database";
import { parseFlags } from "@/lib/cli/main";
import type { CliIo } from "@/lib/cli/output";
import { formatTable } from "@/lib/cli/table";
import { terminalText } from "@/lib/cli/terminal-text";
import { getAgentReach, type ReachRow } from "@/lib/db/queries/reach";
import { AppError } from "@/lib/errors";

/**
 * JSON shape (stable): { agent: { id, name, key }, rows: [{ action, class, resource: { id, kind, key, name },
 * assumed, conditional, via, path: { nodes: [{ id, kind, key, name }], edges: [{ kind, src, dst, action? }] } }] } (src/dst are node ids)
 */
export async function reachCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseFlags(args, { agent: { type: "string" }, json: { type: "boolean" } });
  if (!values.agent) throw new AppError("bad_request:usage", "name the agent: --agent NAME_OR_ID (see blastmap agents)");
  const agentArg = /^\d+$/.test(values.agent) ? Number(values.agent) : values.agent;
  const reach = await withDatabase((db) => getAgentReach(db, agentArg));
  if (values.json) {
    io.out(`${JSON.stringify({ agent: { id: reach.agent.id, name: reach.agent.name, key: reach.agent.key }, rows: reach.rows.map(toJsonRow) }, null, 2)}\n`);
    return 0;
  }
  if (reach.rows.length === 0) {
    io.out(`${terminalText(reach.agent.name)} reaches no actions.\n`);
    return 0;
  }
  io.out(`What can ${terminalText(reach.agent.name)} reach?\n\n`);
  io.out(
    formatTable(
      ["CLASS", "ACTION", "RESOURCE", "NOTE", "PATH"],
      reach.rows.map((row) => [row.class, row.action, row.resource.name, note(row), row.path.nodes.map((n) => n.name).join(" → ")]),
    ),
  );
  return 0;
}

function note(row: ReachRow): string {
  return [row.assumed ? "assumed from the token's kind" : "", row.conditional ? "conditional" : "", row.via ?? ""].filter(Boolean).join("; ");
}

function toJsonRow(row: ReachRow) {
  return {
    action: row.action,
    class: row.class,
    resource: row.resource,
    assumed: row.assumed,
    conditional: row.conditional,
    via: row.via,
    path: row.path,
  };
}
