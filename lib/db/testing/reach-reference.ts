/**
 * The reference for reach: the plain recursive query over the stored graph. Slow by design (it pays per
 * visited path); the comparison tests run it against the engine (lib/graph/reach/) on hand-written and
 * random graphs, and the benchmark measures the engine against it in the same run.
 */
import { sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { findAgentOrThrow, resolveReachRows, type AgentReach } from "@/lib/db/queries/reach";
import { queryRows, type Queryable } from "@/lib/db/rows";
import { edgeKindCode, edgeKindFromCode } from "@/lib/graph/kind-codes";
import { CODE, FLAG_ASSUMED, FLAG_CLASS_MASK, FLAG_CONDITIONAL } from "@/lib/graph/reach/reach-index";
import type { RawReachRow } from "@/lib/graph/reach/rows";
import { MAX_REACH_DEPTH, PHASE_ACCESS, type PathEdge, type ReachPhase } from "@/lib/graph/reach/scan";
import { ACTION_CLASSES, type ActionClass } from "@/lib/graph/types";

/** The same answer from the plain recursive query over the stored graph (the reference). */
export async function getAgentReachBySql(db: Db, agentIdOrName: string | number): Promise<AgentReach> {
  const agent = await findAgentOrThrow(db, agentIdOrName);
  return { agent, rows: await resolveReachRows(db, await queryReachRowsBySql(db, agent.id)) };
}


/**
 * Enumerates simple paths (no node twice) up to MAX_REACH_DEPTH hops, then keeps the shortest path per
 * (action, resource); applies the assumed-edge rule with a NOT EXISTS per edge. Slow by design: it pays
 * per visited path, which is why reach is served from the index.
 */
export async function queryReachRowsBySql(db: Queryable, start: number, startPhase: ReachPhase = PHASE_ACCESS): Promise<RawReachRow[]> {
  const k = CODE;
  const ignored = (alias: string) =>
    sql.raw(`(${alias}.kind in (${k.can}, ${k.authenticatesAs}) and coalesce(${alias}.props->>'assumed' = 'true', false) and exists (
      select 1 from edges x where x.src = ${alias}.src and x.kind = ${alias}.kind and not coalesce(x.props->>'assumed' = 'true', false)))`);
  const flagsOf = (alias: string) =>
    sql.raw(`((case when ${alias}.props->>'assumed' = 'true' then ${FLAG_ASSUMED} else 0 end) | (case when ${alias}.props->>'conditional' = 'true' then ${FLAG_CONDITIONAL} else 0 end))`);
  // A grant's class is in its flags (bits 0-2), not its props (lib/db/store/edge-props.ts).
  const classOf = (alias: string) => sql.raw(`(array[${ACTION_CLASSES.map((c) => `'${c}'`).join(", ")}])[${alias}.flags & ${FLAG_CLASS_MASK}]`);
  const rows = await queryRows<{ action: string; class: ActionClass; resource: number; via: number | null; nodes: number[]; edge_kinds: number[]; flags: number }>(db, sql`
    with recursive walk(node, phase, nodes, edge_kinds, flags, depth) as (
      select ${start}::int, ${startPhase}::int, array[${start}::int], array[]::int[], 0, 0
      union all
      select e.dst, case when e.kind = ${k.authenticatesAs} then 1 else w.phase end,
        w.nodes || e.dst, w.edge_kinds || e.kind::int, w.flags | ${flagsOf("e")}, w.depth + 1
      from walk w
      join edges e on e.src = w.node
      where w.depth < ${MAX_REACH_DEPTH}
        and not e.dst = any(w.nodes)
        and ((w.phase = 0 and e.kind in (${k.canRead}, ${k.contains}, ${k.configuredWith}, ${k.authenticatesAs}))
          or (w.phase = 1 and e.kind in (${k.memberOf}, ${k.canAssume})))
        and not ${ignored("e")}
    ),
    direct as (
      select distinct on (e.action, e.dst) e.action, ${classOf("e")} as class, e.dst as resource,
        w.nodes || e.dst as nodes, w.edge_kinds || e.kind::int as edge_kinds, w.flags | ${flagsOf("e")} as flags
      from walk w join edges e on e.src = w.node and e.kind = ${k.can}
      where w.phase = 1 and not ${ignored("e")}
      order by e.action, e.dst, cardinality(w.nodes), w.nodes
    ),
    closure(root, node, nodes, edge_kinds) as (
      select d.resource, d.resource, array[d.resource], array[]::int[] from (select distinct resource from direct where class = 'D1') d
      union all
      select c.root, case when e.kind = ${k.contains} then e.dst else e.src end,
        c.nodes || (case when e.kind = ${k.contains} then e.dst else e.src end), c.edge_kinds || e.kind::int
      from closure c
      join edges e on (e.kind = ${k.contains} and e.src = c.node) or (e.kind = ${k.storedIn} and e.dst = c.node)
      where not (case when e.kind = ${k.contains} then e.dst else e.src end) = any(c.nodes)
        and cardinality(c.nodes) <= ${MAX_REACH_DEPTH}
    ),
    closed as (
      select distinct on (d.action, c.node) d.action, d.class, c.node as resource, d.resource as via,
        d.nodes || c.nodes[2:] as nodes, d.edge_kinds || c.edge_kinds as edge_kinds, d.flags
      from direct d join closure c on c.root = d.resource and c.node <> d.resource
      where d.class = 'D1' and not exists (select 1 from direct d2 where d2.action = d.action and d2.resource = c.node)
      order by d.action, c.node, cardinality(d.nodes) + cardinality(c.nodes), d.nodes || c.nodes[2:]
    )
    select action, class, resource, null::int as via, nodes, edge_kinds, flags from direct
    union all
    select action, class, resource, via, nodes, edge_kinds, flags from closed
  `);
  const holds = await queryHoldsBySql(db, [...new Set(rows.map((r) => Number(r.resource)))]);
  return rows.map((r) => ({
    action: r.action,
    class: r.class,
    resource: Number(r.resource),
    assumed: (Number(r.flags) & FLAG_ASSUMED) !== 0,
    conditional: (Number(r.flags) & FLAG_CONDITIONAL) !== 0,
    holds: holds.get(Number(r.resource)) ?? 0,
    via: r.via === null ? null : Number(r.via),
    hops: r.edge_kinds.length,
    path: {
      nodes: r.nodes.map(Number),
      // A path holds each edge's kind; its ends are the nodes on either side (a stored_in edge, walked
      // from the resource to the copy, runs the other way), and its one `can` edge carries the action.
      edges: r.edge_kinds.map((code, i) => {
        const kind = edgeKindFromCode(Number(code));
        const [from, to] = [Number(r.nodes[i]), Number(r.nodes[i + 1])];
        const edge: PathEdge = kind === "stored_in" ? { kind, src: to, dst: from } : { kind, src: from, dst: to };
        if (kind === "can") edge.action = r.action;
        return edge;
      }),
    },
  }));
}

/** How many distinct things die with each resource, by a recursive query. */
async function queryHoldsBySql(db: Queryable, resources: number[]): Promise<Map<number, number>> {
  if (resources.length === 0) return new Map();
  const contains = edgeKindCode("contains");
  const storedIn = edgeKindCode("stored_in");
  const rows = await queryRows<{ root: number; holds: number }>(db, sql`
    with recursive closure(root, node) as (
      select r, r from unnest(${sql.param(resources)}::int[]) as r
      union
      select c.root, case when e.kind = ${contains} then e.dst else e.src end
      from closure c join edges e on (e.kind = ${contains} and e.src = c.node) or (e.kind = ${storedIn} and e.dst = c.node)
    )
    select root, (count(*) - 1)::int as holds from closure group by root
  `);
  return new Map(rows.map((r) => [Number(r.root), Number(r.holds)]));
}
