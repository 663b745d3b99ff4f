/**
 * One credential's page: what it is (only its redacted preview, never the secret), where it was found,
 * who it authenticates as, which agents can read it and how, and what it could destroy.
 */
import { sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { getReachIndex } from "@/lib/db/queries/reach-index-cache";
import { queryRows } from "@/lib/db/rows";
import { getReachCounts } from "@/lib/graph/reach/counts";
import { PHASE_ACCESS } from "@/lib/graph/reach/scan";
import { edgeKindCode, nodeKindCode } from "@/lib/graph/kind-codes";
import { DESTRUCTIVE_CLASSES, type ActionClass } from "@/lib/graph/types";

export interface CredentialReader {
  id: number;
  name: string;
  /** How it reads the credential: the file or MCP server next to the credential on its shortest way there. */
  through: string | null;
  /** configured_with (the agent is set up with it) or can_read (it can open the file that holds it). */
  how: "configured" | "reads";
}

export interface CredentialPage {
  id: number;
  name: string;
  key: string;
  provider: string | null;
  kind: string | null;
  preview: string | null;
  purpose: string | null;
  locations: { file: string; line: number | null; envVar: string | null }[];
  identities: { id: number; name: string; assumed: boolean }[];
  readers: CredentialReader[];
  destructive: { class: ActionClass; count: number; actions: string[] }[];
  assumed: boolean;
}

/** Hops followed back from the credential: agent → workspace → … → file → credential stays well inside. */
const MAX_DEPTH = 8;

export async function getCredentialPage(db: Db, id: number): Promise<CredentialPage | null> {
  const [row] = await queryRows<{ id: number; key: string; name: string; props: Record<string, unknown> }>(
    db,
    sql`select id, key, name, props from nodes where id = ${id} and kind = ${nodeKindCode("credential")}`,
  );
  if (!row) return null;
  const access = [edgeKindCode("can_read"), edgeKindCode("contains"), edgeKindCode("configured_with")];
  const [identities, readers] = await Promise.all([
    queryRows<{ id: number; name: string; assumed: boolean }>(db, sql`
      select i.id, i.name, coalesce(e.props->>'assumed' = 'true', false) as assumed
      from edges e join nodes i on i.id = e.dst where e.src = ${id} and e.kind = ${edgeKindCode("authenticates_as")} order by i.name
    `),
    // Followed backwards from the credential over the edges that give access to it; `near` is the node
    // right before the credential (the file it is in, or the MCP server configured with it).
    queryRows<{ id: number; name: string; through: string | null; direct: boolean }>(db, sql`
      with recursive back(id, depth, near, direct) as (
        select src, 1, src, kind = ${edgeKindCode("configured_with")} from edges where dst = ${id} and kind = any(${sql.param(access)}::smallint[])
        union
        select e.src, b.depth + 1, b.near, b.direct and e.kind = ${edgeKindCode("configured_with")} from edges e join back b on e.dst = b.id
        where e.kind = any(${sql.param(access)}::smallint[]) and b.depth < ${MAX_DEPTH}
      ),
      best as (
        select distinct on (b.id) b.id, b.near, b.direct from back b join nodes a on a.id = b.id and a.kind = ${nodeKindCode("agent")}
        order by b.id, b.depth, b.direct desc
      )
      select a.id, a.name, case when best.near = a.id then null else near.name end as through, best.direct
      from best join nodes a on a.id = best.id left join nodes near on near.id = best.near order by a.name
    `),
  ]);
  const props = row.props ?? {};
  const counts = getReachCounts(await getReachIndex(db), Number(row.id), PHASE_ACCESS);
  const text = (v: unknown) => (typeof v === "string" ? v : null);
  return {
    id: Number(row.id),
    name: row.name,
    key: row.key,
    provider: text(props.provider),
    kind: text(props.kind),
    preview: text(props.preview),
    purpose: text(props.purpose),
    locations: Array.isArray(props.locations)
      ? props.locations
          .filter((l): l is Record<string, unknown> => !!l && typeof l === "object" && typeof (l as { file?: unknown }).file === "string")
          .map((l) => ({ file: String(l.file), line: typeof l.line === "number" ? l.line : null, envVar: typeof l.envVar === "string" ? l.envVar : null }))
      : [],
    identities: identities.map((i) => ({ id: Number(i.id), name: i.name, assumed: i.assumed === true })),
    readers: readers.map((r) => ({ id: Number(r.id), name: r.name, through: r.through, how: r.direct ? "configured" : "reads" })),
    destructive: DESTRUCTIVE_CLASSES.filter((c) => counts.actions[c] > 0).map((c) => ({ class: c, count: counts.actions[c], actions: counts.firstActions[c] })),
    assumed: counts.assumedDestructive,
  };
}
