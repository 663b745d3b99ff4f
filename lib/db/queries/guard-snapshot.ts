/**
 * The guard's snapshot, built from the graph: every credential by fingerprint with the identity it
 * authenticates as and the destructive actions it reaches (from the reach index, containment included),
 * and every agent with the folders it works in. `blastmap guard sync` writes it; the server's
 * /api/v1/guard/snapshot returns it. Previews and fingerprints only: the graph holds nothing else.
 */
import { sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { getReachIndex } from "@/lib/db/queries/reach-index-cache";
import { listAgentNodes, loadReachNodes, resolveReachRows, type ReachNode, type ReachRow } from "@/lib/db/queries/reach";
import { getNodeReachRaw } from "@/lib/graph/reach/table-rows";
import { queryRows } from "@/lib/db/rows";
import { edgeKindCode, nodeKindCode } from "@/lib/graph/kind-codes";
import { ACTION_CLASSES, DESTRUCTIVE_CLASSES } from "@/lib/graph/types";
import { SNAPSHOT_VERSION, type GuardSnapshot, type SnapshotCredential, type SnapshotGate, type SnapshotReachRow } from "@/lib/guard/snapshot";

/** Rows kept per credential, worst first: an account token reaches thousands; the hook needs the worst. */
export const MAX_ROWS_PER_CREDENTIAL = 200;
/** Names kept per row of what dies with its resource. */
const MAX_DIES = 20;
/**
 * Raw rows named per credential: an admin key at the 1M-edge estate reaches ~250k, and naming them all
 * (paths included) would take the sync minutes. The worst classes and the resources holding most come first.
 */
const MAX_RAW_ROWS = 5000;

/** Through the public query, not lib/graph/reach's internals (being reorganised). */
type RawReachRow = ReturnType<typeof getNodeReachRaw>[number];

function worstRaw(rows: RawReachRow[]): RawReachRow[] {
  if (rows.length <= MAX_RAW_ROWS) return rows;
  const rank = (r: RawReachRow) => ACTION_CLASSES.indexOf(r.class);
  return [...rows].sort((a, b) => rank(a) - rank(b) || b.holds - a.holds).slice(0, MAX_RAW_ROWS);
}

export interface BuildSnapshotOptions {
  fingerprintKeyId: string;
  /** "local", or the server URL the snapshot is served from. */
  source?: string;
  now?: Date;
}

export async function buildGuardSnapshot(db: Db, options: BuildSnapshotOptions): Promise<GuardSnapshot> {
  const credentials = await queryRows<{ id: number; key: string; props: Record<string, unknown> }>(
    db,
    sql`select id, key, props from nodes where kind = ${nodeKindCode("credential")} and props ? 'fingerprint' order by key`,
  );
  const identities = await listIdentities(db);
  const gates = await listGates(db);
  const index = await getReachIndex(db);

  const all = credentials.map((c) => getNodeReachRaw(index, Number(c.id), DESTRUCTIVE_CLASSES));
  const raws = all.map(worstRaw);
  const known = await loadReachNodes(db, raws.flat().flatMap((r) => [r.resource, ...(r.via === null ? [] : [r.via]), ...r.path.nodes]));

  const byFingerprint: Record<string, SnapshotCredential> = {};
  for (const [i, c] of credentials.entries()) {
    const fingerprint = String(c.props.fingerprint);
    if (!/^[0-9a-f]{64}$/.test(fingerprint)) continue;
    const rows = await resolveReachRows(db, raws[i], known);
    const identity = identities.get(Number(c.id)) ?? null;
    const reach = snapshotRows(rows);
    byFingerprint[fingerprint] = {
      key: c.key,
      provider: stringProp(c.props.provider, "unknown"),
      kind: stringProp(c.props.kind, "unknown"),
      preview: stringProp(c.props.preview, "…").slice(0, 16),
      foundIn: locationFiles(c.props.locations),
      identity: identity ? { key: identity.key, name: identity.name } : null,
      assumed: rows.some((r) => r.assumed),
      reach: reach.slice(0, MAX_ROWS_PER_CREDENTIAL),
      reachTruncated: reach.length > MAX_ROWS_PER_CREDENTIAL || raws[i].length < all[i].length,
      backupsDie: rows.some((r) => r.viaResource !== null && r.resource.kind === "recovery_copy"),
      gates: identity ? (gates.get(identity.id) ?? []) : [],
    };
  }

  const fingerprintById = new Map(credentials.map((c) => [Number(c.id), String(c.props.fingerprint)]));
  const agentCredentials = await listAgentCredentials(db);
  const mcpServers = await listAgentMcpServers(db);
  const agents = (await listAgentNodes(db)).map((agent) => ({
    key: agent.key,
    name: agent.name,
    kind: stringProp(agent.props.agentKind, "agent"),
    workspaceRoots: workspaceRoots(agent.props),
    credentials: (agentCredentials.get(agent.id) ?? []).flatMap((id) => {
      const fingerprint = fingerprintById.get(id);
      return fingerprint && byFingerprint[fingerprint] ? [fingerprint] : [];
    }),
    gates: gates.get(agent.id) ?? [],
    mcpServers: (mcpServers.get(agent.id) ?? []).map((server) => ({
      key: server.key,
      name: server.name,
      endpoint: mcpEndpoint(server.props),
      configFile: typeof server.props.configFile === "string" ? server.props.configFile : null,
      credentials: server.credentials.flatMap((id) => {
        const fingerprint = fingerprintById.get(id);
        return fingerprint && byFingerprint[fingerprint] ? [fingerprint] : [];
      }),
    })),
  }));

  return {
    version: SNAPSHOT_VERSION,
    createdAt: (options.now ?? new Date()).toISOString(),
    source: options.source ?? "local",
    fingerprintKeyId: options.fingerprintKeyId,
    credentials: byFingerprint,
    agents,
  };
}

/**
 * Direct rows only, each with the names of what dies with its resource: a row reached through
 * containment ("stored in the volume") is the same action on the parent, told by the parent's `dies`.
 */
function snapshotRows(rows: ReachRow[]): SnapshotReachRow[] {
  const dies = new Map<string, string[]>();
  for (const row of rows) {
    if (!row.viaResource) continue;
    const key = `${row.action}\0${row.viaResource.id}`;
    const names = dies.get(key) ?? [];
    if (names.length < MAX_DIES && !names.includes(row.resource.name)) names.push(row.resource.name);
    dies.set(key, names);
  }
  return rows
    .filter((row) => row.viaResource === null)
    .map((row) => ({
      action: row.action,
      class: row.class,
      resource: { key: row.resource.key, kind: row.resource.kind, name: row.resource.name },
      dies: dies.get(`${row.action}\0${row.resource.id}`) ?? [],
    }));
}

/** Each credential's identity: a learned one before one assumed from the credential's kind. */
async function listIdentities(db: Db): Promise<Map<number, ReachNode>> {
  const rows = await queryRows<{ credential: number; id: number; key: string; name: string }>(db, sql`
    select distinct on (e.src) e.src as credential, i.id, i.key, i.name
    from edges e join nodes i on i.id = e.dst
    where e.kind = ${edgeKindCode("authenticates_as")}
    order by e.src, coalesce(e.props->>'assumed' = 'true', false), i.key
  `);
  return new Map(rows.map((r) => [Number(r.credential), { id: Number(r.id), kind: "identity", key: r.key, name: r.name }]));
}

/** Approval gates in front of an agent's or an identity's actions (gated_by), by the gated node's id. */
async function listGates(db: Db): Promise<Map<number, SnapshotGate[]>> {
  const rows = await queryRows<{ src: number; key: string; name: string; classes: unknown }>(db, sql`
    select e.src, g.key, g.name, g.props->'classes' as classes
    from edges e join nodes g on g.id = e.dst
    where e.kind = ${edgeKindCode("gated_by")} and g.kind = ${nodeKindCode("approval_gate")}
    order by e.src, g.key
  `);
  const gates = new Map<number, SnapshotGate[]>();
  for (const r of rows) {
    const classes = Array.isArray(r.classes) ? r.classes.filter((c): c is SnapshotGate["classes"][number] => DESTRUCTIVE_CLASSES.includes(c)) : [];
    gates.set(Number(r.src), [...(gates.get(Number(r.src)) ?? []), { key: r.key, name: r.name, classes }]);
  }
  return gates;
}

/** Each agent's MCP servers (agent --configured_with--> mcp_server) and the credential ids each is configured with. */
async function listAgentMcpServers(db: Db): Promise<Map<number, { key: string; name: string; props: Record<string, unknown>; credentials: number[] }[]>> {
  const rows = await queryRows<{ agent: number; key: string; name: string; props: Record<string, unknown>; credentials: unknown }>(db, sql`
    select a.id as agent, s.key, s.name, s.props,
      coalesce(array_agg(c.id order by c.id) filter (where c.id is not null), '{}') as credentials
    from nodes a
    join edges e on e.src = a.id and e.kind = ${edgeKindCode("configured_with")}
    join nodes s on s.id = e.dst and s.kind = ${nodeKindCode("mcp_server")}
    left join edges ec on ec.src = s.id and ec.kind = ${edgeKindCode("configured_with")}
    left join nodes c on c.id = ec.dst and c.kind = ${nodeKindCode("credential")}
    where a.kind = ${nodeKindCode("agent")}
    group by a.id, s.id, s.key, s.name, s.props
    order by a.id, s.key
  `);
  const byAgent = new Map<number, { key: string; name: string; props: Record<string, unknown>; credentials: number[] }[]>();
  for (const r of rows) {
    const credentials = (Array.isArray(r.credentials) ? r.credentials : []).map(Number);
    byAgent.set(Number(r.agent), [...(byAgent.get(Number(r.agent)) ?? []), { key: r.key, name: r.name, props: r.props, credentials }]);
  }
  return byAgent;
}

/** A server's URL, or its command and (masked) arguments, as Cursor names the server in its hook input. */
function mcpEndpoint(props: Record<string, unknown>): string | null {
  if (typeof props.url === "string") return props.url;
  const args = Array.isArray(props.args) ? props.args.filter((a): a is string => typeof a === "string") : [];
  const command = typeof props.command === "string" ? props.command : "";
  return [command, ...args].filter(Boolean).join(" ") || null;
}

/** Credential ids each agent reaches through what it reads and what it is configured with (the access phase). */
async function listAgentCredentials(db: Db): Promise<Map<number, number[]>> {
  const access = [edgeKindCode("can_read"), edgeKindCode("contains"), edgeKindCode("configured_with")];
  const rows = await queryRows<{ agent: number; credential: number }>(db, sql`
    -- union (not union all) keeps each (agent, node) once, so a cycle of contains edges ends the walk.
    with recursive walk(agent, node) as (
      select id, id from nodes where kind = ${nodeKindCode("agent")}
      union
      select w.agent, e.dst
      from walk w join edges e on e.src = w.node
      where e.kind = any(${sql.param(access)}::int[])
    )
    select distinct w.agent, w.node as credential
    from walk w join nodes n on n.id = w.node
    where n.kind = ${nodeKindCode("credential")}
    order by 1, 2
  `);
  const byAgent = new Map<number, number[]>();
  for (const r of rows) byAgent.set(Number(r.agent), [...(byAgent.get(Number(r.agent)) ?? []), Number(r.credential)]);
  return byAgent;
}

function workspaceRoots(props: Record<string, unknown>): string[] {
  const roots = typeof props.workspaceRoot === "string" ? [props.workspaceRoot] : [];
  const extra = Array.isArray(props.additionalDirectories) ? props.additionalDirectories.filter((d): d is string => typeof d === "string") : [];
  return [...new Set([...roots, ...extra])];
}

function locationFiles(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  const files = value.flatMap((l) => (l && typeof l === "object" && typeof (l as { file?: unknown }).file === "string" ? [(l as { file: string }).file] : []));
  return [...new Set(files)];
}

function stringProp(value: unknown, fallback: string): string {
  return typeof value === "string" && value !== "" ? value : fallback;
}
