/**
 * What a resource's page shows around it, besides who can destroy it (resource-reach.ts): where it sits
 * (what contains it), what dies with it (what it contains, copies stored in it), its recovery copies and
 * where each is kept, and the findings about it.
 */
import { sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { queryRows } from "@/lib/db/rows";
import { edgeKindCode, nodeKindCode, nodeKindFromCode } from "@/lib/graph/kind-codes";
import type { NodeKind } from "@/lib/graph/types";

export interface RelatedNode {
  id: number;
  kind: NodeKind;
  name: string;
}

export interface RecoveryCopyView extends RelatedNode {
  /** Where the copy is kept; null when no collector said. */
  storedIn: RelatedNode | null;
  /** Kept inside the resource it recovers (or inside something that contains it): it dies with it. */
  diesWithIt: boolean;
}

export interface ResourceContext {
  /** Containers, nearest first (contains edges followed up, at most 8). */
  parents: RelatedNode[];
  children: RelatedNode[];
  childCount: number;
  recoveryCopies: RecoveryCopyView[];
  /** Recovery copies of other resources that are kept inside this one. */
  storedHere: RelatedNode[];
}

const MAX_LISTED = 25;

export async function getResourceContext(db: Db, id: number): Promise<ResourceContext> {
  const contains = edgeKindCode("contains");
  const recoveredBy = edgeKindCode("recovered_by");
  const storedIn = edgeKindCode("stored_in");
  const [parents, children, copies, stored] = await Promise.all([
    queryRows<{ id: number; kind: number; name: string; depth: number }>(db, sql`
      with recursive up(id, depth) as (
        select src, 1 from edges where dst = ${id} and kind = ${contains}
        union
        select e.src, up.depth + 1 from edges e join up on e.dst = up.id where e.kind = ${contains} and up.depth < 8
      )
      select n.id, n.kind, n.name, min(up.depth) as depth from up join nodes n on n.id = up.id
      where n.kind = ${nodeKindCode("resource")} group by n.id, n.kind, n.name order by depth, n.name
    `),
    queryRows<{ id: number; kind: number; name: string; total: number }>(db, sql`
      select n.id, n.kind, n.name, count(*) over ()::int as total from edges e join nodes n on n.id = e.dst
      where e.src = ${id} and e.kind = ${contains} order by n.name limit ${MAX_LISTED}
    `),
    queryRows<{ id: number; kind: number; name: string; store_id: number | null; store_kind: number | null; store_name: string | null }>(db, sql`
      select c.id, c.kind, c.name, s.id as store_id, s.kind as store_kind, s.name as store_name
      from edges r join nodes c on c.id = r.dst
      left join edges si on si.src = c.id and si.kind = ${storedIn}
      left join nodes s on s.id = si.dst
      where r.src = ${id} and r.kind = ${recoveredBy} order by c.name limit ${MAX_LISTED}
    `),
    queryRows<{ id: number; kind: number; name: string }>(db, sql`
      select n.id, n.kind, n.name from edges e join nodes n on n.id = e.src
      where e.dst = ${id} and e.kind = ${storedIn} order by n.name limit ${MAX_LISTED}
    `),
  ]);
  const related = (r: { id: number; kind: number; name: string }): RelatedNode => ({ id: Number(r.id), kind: nodeKindFromCode(Number(r.kind)), name: r.name });
  const containers = new Set([id, ...parents.map((p) => Number(p.id))]);
  return {
    parents: parents.map(related),
    children: children.map(related),
    childCount: Number(children[0]?.total ?? 0),
    recoveryCopies: copies.map((c) => ({
      ...related(c),
      storedIn: c.store_id === null ? null : related({ id: c.store_id, kind: Number(c.store_kind), name: c.store_name ?? "" }),
      diesWithIt: c.store_id !== null && containers.has(Number(c.store_id)),
    })),
    storedHere: stored.map(related),
  };
}
