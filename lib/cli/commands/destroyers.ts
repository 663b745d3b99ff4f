import { withDatabase } from "@/lib/cli/database";
import { parseFlags } from "@/lib/cli/main";
import type { CliIo } from "@/lib/cli/output";
import { formatTable } from "@/lib/cli/table";
import { getResourceDestroyers, type ResourceDestroyer } from "@/lib/db/queries/resource-reach";
import { AppError } from "@/lib/errors";

/**
 * Who can destroy a resource or recovery copy. JSON shape (stable): the API's
 * { resource, counts: { agents, credentials, identities }, agents: [...], credentials: [...], identities: [...] },
 * each entry { node: { id, kind, key, name }, class, action, via, hops, path: { nodes, edges } }.
 */
export async function destroyersCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseFlags(args, { resource: { type: "string" }, limit: { type: "string" }, json: { type: "boolean" } });
  if (!values.resource || !/^\d+$/.test(values.resource)) throw new AppError("bad_request:usage", "name the resource by id: --resource ID");
  const limit = values.limit === undefined ? 20 : Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1) throw new AppError("bad_request:usage", "--limit takes a positive whole number");
  const found = await withDatabase((db) => getResourceDestroyers(db, Number(values.resource), { limit }));
  if (values.json) {
    io.out(`${JSON.stringify(found, null, 2)}\n`);
    return 0;
  }
  const { agents, credentials, identities } = found.counts;
  io.out(`Who can destroy ${found.resource.name}? ${agents} agent(s), ${credentials} credential(s), ${identities} identit${identities === 1 ? "y" : "ies"}.\n\n`);
  const rows = [...found.agents, ...found.credentials, ...found.identities].map((d: ResourceDestroyer) => [
    d.node.kind,
    d.node.name,
    d.class,
    d.action,
    d.via ? `with ${d.via.name}` : "",
    d.path.nodes.map((n) => n.name).join(" → "),
  ]);
  if (rows.length > 0) io.out(formatTable(["KIND", "NAME", "CLASS", "ACTION", "VIA", "PATH"], rows));
  return 0;
}
