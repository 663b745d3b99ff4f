/**
 * Findings: saving a recomputation (status survives: accepted stays accepted until it expires, resolved
 * reopens when produced again, what is no longer produced resolves) and the queries the CLI and UI use.
 */
import { createHash } from "node:crypto";
import { and, eq, sql, type SQL } from "drizzle-orm";
import { copyField, copyLines } from "@/lib/db/store/bulk-copy";
import type { Db } from "@/lib/db/client";
import { findAgentOrThrow } from "@/lib/db/queries/reach";
import { queryRows, type Queryable } from "@/lib/db/rows";
import { FINDING_SEVERITIES, findingEvents, findings, type FindingRow, type FindingSeverity, type FindingStatus } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import type { EscalationEdge } from "@/lib/findings/context";
import type { FindingDraft, NodeInfo } from "@/lib/findings/types";
import { edgeKindCode, nodeKindCode, nodeKindFromCode } from "@/lib/graph/kind-codes";

/** Same rule + same subject (+ same scope) → same id, in every sweep. */
export function findingId(rule: string, subjectKey: string, scope = ""): string {
  return createHash("sha256").update(`${rule}\u0000${subjectKey}\u0000${scope}`).digest("hex").slice(0, 24);
}

export interface SaveFindingsResult {
  findings: number;
  opened: number;
  reopened: number;
  resolved: number;
}

export interface SaveFindingsOptions {
  sweepId: number | null;
  now?: Date;
}

/** Saves one complete set of findings in a transaction (see startFindingsSave). */
export async function saveFindings(db: Db, drafts: FindingDraft[], options: SaveFindingsOptions): Promise<SaveFindingsResult> {
  return db.transaction(async (tx) => {
    const save = startFindingsSave(tx, options);
    save.write(drafts);
    return save.finish();
  });
}

export interface FindingsSave {
  /** Queues the upsert of some findings and returns at once: the database works while the caller computes. */
  write(drafts: FindingDraft[]): void;
  /**
   * Resolves once every write so far has been COPYed in (only their merges may remain): a caller that
   * waits for it between bursts of computing lets the rows travel while it is idle anyway, and the
   * database merges while it computes again (rows still queued when the caller computes synchronously
   * only leave this process after it).
   */
  staged(): Promise<void>;
  /** Waits for every write, then resolves what no write produced; throws the first failed write's error. */
  finish(): Promise<SaveFindingsResult>;
}

/**
 * Saving a recomputation while it is still being computed, on one transaction: each write COPYs its rows
 * into a temporary staging table and merges them with one set-based upsert that decides status in SQL:
 * an unexpired acceptance stays, anything else produced again is open. Opened / reopened are counted
 * against the rows as they were before the statement. `finish` resolves everything this run did not
 * produce.
 *
 * Findings the table does not hold yet (all of them on a first analysis) are COPYed straight into it,
 * open: a merge would write each row twice. That needs the ids read at the start to stay true, so saves
 * take turns (a transaction-level advisory lock) instead of racing each other's inserts.
 */
export function startFindingsSave(tx: Queryable, options: SaveFindingsOptions): FindingsSave {
  const now = options.now ?? new Date();
  const produced = new Set<string>();
  const counts = { opened: 0, reopened: 0 };
  let failure: { error: unknown } | undefined;
  const fail = (error: unknown) => {
    failure ??= { error };
  };
  let known = new Set<string>();
  let queue: Promise<void> = (async () => {
    await tx.execute(sql.raw(`select pg_advisory_xact_lock(${FINDINGS_SAVE_LOCK})`));
    await createFindingsStage(tx);
    known = new Set((await queryRows<{ id: string }>(tx, sql`select id from findings`)).map((r) => r.id));
  })().catch(fail);
  let staged = queue;
  const quoted = new Map<string, string>();
  const fresh = `\t${options.sweepId ?? "\\N"}\t${options.sweepId ?? "\\N"}\t${now.toISOString()}\t${now.toISOString()}\n`;
  return {
    write(drafts) {
      const byId = new Map<string, FindingDraft>();
      for (const draft of drafts) byId.set(findingId(draft.rule, draft.subject.key, draft.scope), draft);
      const entries = [...byId].filter(([id]) => !produced.has(id));
      if (entries.length === 0) return;
      for (const [id] of entries) produced.add(id);
      let update = 0;
      staged = queue
        .then(async () => {
          if (failure) return;
          const added = entries.filter(([id]) => !known.has(id));
          if (added.length > 0) await copyLines(tx, "findings", [...STAGE_COLUMNS, ...FRESH_COLUMNS], linesOf(added, quoted, fresh));
          counts.opened += added.length;
          update = entries.length - added.length;
          if (update > 0) await copyLines(tx, "stage_findings", STAGE_COLUMNS, linesOf(entries.filter(([id]) => known.has(id)), quoted, "\n"));
        })
        .catch(fail);
      queue = staged
        .then(() => (failure || update === 0 ? undefined : mergeStagedFindings(tx, options.sweepId, now)))
        .then((saved) => {
          counts.opened += saved?.opened ?? 0;
          counts.reopened += saved?.reopened ?? 0;
        })
        .catch(fail);
    },
    staged() {
      return staged;
    },
    async finish() {
      await queue;
      if (failure) throw failure.error;
      const [gone] = await queryRows<{ count: number }>(tx, sql`
        with produced as (select unnest(${sql.param([...produced])}::text[]) as id),
        resolved as (
          update findings f set status = 'resolved', resolved_at = ${now}
          from findings before
          where before.id = f.id and f.status <> 'resolved' and not exists (select 1 from produced p where p.id = f.id)
          returning f.id, before.status
        ),
        logged as (
          insert into finding_events (finding_id, at, from_status, to_status, sweep_id)
          select id, ${now}, status, 'resolved', ${options.sweepId}::int from resolved
        )
        select count(*)::int as count from resolved
      `);
      return { findings: produced.size, ...counts, resolved: Number(gone.count) };
    },
  };
}

/**
 * One write's rows, COPYed in: the server parses COPY text several times faster than the same rows as
 * bound JSON or array parameters. Agent keys travel as plain text[] literals: mapping positions in a
 * dictionary array on the server walks the array element by element for every subscript (text elements
 * have no fixed width), seconds at 1.3M agent keys.
 */
/** What a new finding's row holds besides the stage columns (the rest take their defaults: open, not accepted). */
const FRESH_COLUMNS = ["first_seen_sweep", "last_seen_sweep", "first_seen_at", "last_seen_at"];

/** The advisory lock findings saves hold until their transaction ends: "blas", "find" in ASCII. */
const FINDINGS_SAVE_LOCK = `${0x626c6173}, ${0x66696e64}`;

const STAGE_COLUMNS = ["id", "rule", "severity", "subject_kind", "subject_key", "subject_name", "agent_keys", "title", "evidence", "remediation"];

async function createFindingsStage(tx: Queryable): Promise<void> {
  await tx.execute(sql`drop table if exists pg_temp.stage_findings`);
  await tx.execute(sql`
    create temp table stage_findings (id text, rule text, severity text, subject_kind text, subject_key text, subject_name text,
      agent_keys text[], title text, evidence jsonb, remediation text) on commit drop
  `);
}

/**
 * A finding as one COPY text row of stage_findings (agent keys unique and sorted), ended by `tail`. `quoted` keeps each
 * agent key's array element: the same few hundred keys recur over a million times at scale.
 */
export function findingStageLine(id: string, draft: FindingDraft, quoted = new Map<string, string>(), tail = "\n"): string {
  const keys = isSortedUnique(draft.agentKeys) ? draft.agentKeys : [...new Set(draft.agentKeys)].sort();
  let agents = "";
  for (const key of keys) {
    let element = quoted.get(key);
    if (element === undefined) quoted.set(key, (element = copyField(`"${key.replace(/[\\"]/g, "\\$&")}"`)));
    agents += agents ? `,${element}` : element;
  }
  const fields = [id, draft.rule, draft.severity, draft.subject.kind, draft.subject.key, draft.subject.name];
  return `${fields.map(copyField).join("\t")}\t{${agents}}\t${copyField(draft.title)}\t${copyField(JSON.stringify(draft.evidence))}\t${copyField(draft.remediation)}${tail}`;
}

function isSortedUnique(keys: readonly string[]): boolean {
  for (let i = 1; i < keys.length; i++) if (!(keys[i - 1] < keys[i])) return false;
  return true;
}

/** COPY lines of findings: stage columns, then `tail` (the rest of the line, with its newline). */
function* linesOf(entries: [string, FindingDraft][], quoted: Map<string, string>, tail: string): Generator<string> {
  for (const [id, draft] of entries) yield findingStageLine(id, draft, quoted, tail);
}

/**
 * Merges the staged findings (ones the table holds already) into findings, then empties the stage. The
 * statement reads the stage where it needs it: a CTE over it would copy every row (~50 MB of evidence and
 * agent keys at 1M edges) into a tuplestore that spills to disk.
 */
async function mergeStagedFindings(tx: Queryable, sweepId: number | null, now: Date): Promise<{ opened: number; reopened: number }> {
  const stillAccepted = sql`(f.status = 'accepted' and (f.accepted_expires_at is null or f.accepted_expires_at > ${now}))`;
  const [counts] = await queryRows<{ opened: number; reopened: number }>(tx, sql`
    with prior as (
      select f.id, f.status, f.status <> 'open' and not ${stillAccepted} as reopens from findings f join stage_findings using (id)
    ),
    -- The history keeps what the analysis changed too: produced again after resolving, or an acceptance lapsed.
    logged as (
      insert into finding_events (finding_id, at, from_status, to_status, sweep_id)
      select id, ${now}, status, 'open', ${sweepId}::int from prior where reopens
    ),
    upserted as (
      insert into findings as f (id, rule, severity, subject_kind, subject_key, subject_name, agent_keys, title, evidence,
        remediation, status, first_seen_sweep, last_seen_sweep, first_seen_at, last_seen_at, resolved_at)
      select id, rule, severity, subject_kind, subject_key, subject_name, agent_keys, title, evidence, remediation, 'open',
        ${sweepId}::int, ${sweepId}::int, ${now}, ${now}, null
      from stage_findings
      on conflict (id) do update set
        severity = excluded.severity,
        subject_name = excluded.subject_name,
        agent_keys = excluded.agent_keys,
        title = excluded.title,
        evidence = excluded.evidence,
        remediation = excluded.remediation,
        status = case when ${stillAccepted} then 'accepted' else 'open' end,
        -- An expired acceptance is over: clear it when the finding reopens.
        accepted_reason = case when ${stillAccepted} then f.accepted_reason end,
        accepted_expires_at = case when ${stillAccepted} then f.accepted_expires_at end,
        accepted_by = case when ${stillAccepted} then f.accepted_by end,
        last_seen_sweep = excluded.last_seen_sweep,
        last_seen_at = excluded.last_seen_at,
        resolved_at = null
    )
    select (select count(*) from stage_findings)::int - (select count(*) from prior)::int as opened,
      (select count(*) from prior where reopens)::int as reopened
  `);
  await tx.execute(sql`truncate stage_findings`);
  return { opened: Number(counts.opened), reopened: Number(counts.reopened) };
}

// ── Reading ────────────────────────────────────────────────────────────────────────

/** An acceptance past its expiry reads as open, even before the next analysis rewrites it. */
const effectiveStatus = sql<FindingStatus>`(case when ${findings.status} = 'accepted' and ${findings.acceptedExpiresAt} < now() then 'open' else ${findings.status} end)`;
const severityRank = sql.raw(`array_position(array[${FINDING_SEVERITIES.map((s) => `'${s}'`).join(",")}]::text[], severity)`);

export interface FindingFilter {
  severity?: FindingSeverity;
  rule?: string;
  status?: FindingStatus;
  /** An agent's id, natural key or name. */
  agent?: string | number;
}

export type Finding = FindingRow;

export async function listFindings(db: Db, filter: FindingFilter = {}): Promise<Finding[]> {
  const rows = await db
    .select()
    .from(findings)
    .where(await findingConditions(db, filter))
    .orderBy(severityRank, findings.rule, findings.subjectName, findings.id);
  return rows.map(withEffectiveStatus);
}

export type FindingSummary = Pick<Finding, "id" | "rule" | "severity" | "status" | "title" | "subjectKind" | "subjectName" | "lastSeenAt">;

/**
 * What a list of findings shows, in the same order as listFindings, without the evidence (paths with
 * every node, the bulk of a finding: 34k findings at the 1M-edge estate) and at most `limit` of them.
 */
export async function listFindingSummaries(db: Db, filter: FindingFilter, limit: number): Promise<{ rows: FindingSummary[]; total: number }> {
  const rows = await db
    .select({
      id: findings.id,
      rule: findings.rule,
      severity: findings.severity,
      status: effectiveStatus,
      title: findings.title,
      subjectKind: findings.subjectKind,
      subjectName: findings.subjectName,
      lastSeenAt: findings.lastSeenAt,
      total: sql<number>`count(*) over ()`,
    })
    .from(findings)
    .where(await findingConditions(db, filter))
    .orderBy(severityRank, findings.rule, findings.subjectName, findings.id)
    .limit(limit);
  return { rows: rows.map(({ total: _total, ...row }) => row), total: Number(rows[0]?.total ?? 0) };
}

async function findingConditions(db: Db, filter: FindingFilter): Promise<SQL | undefined> {
  const conditions: SQL[] = [];
  if (filter.severity) conditions.push(eq(findings.severity, filter.severity));
  if (filter.rule) conditions.push(eq(findings.rule, filter.rule));
  if (filter.status) conditions.push(sql`${effectiveStatus} = ${filter.status}`);
  if (filter.agent !== undefined) {
    const agent = await findAgentOrThrow(db, filter.agent);
    conditions.push(sql`${agent.key} = any(${findings.agentKeys})`);
  }
  return conditions.length ? and(...conditions) : undefined;
}

export async function getFinding(db: Db, id: string): Promise<Finding | null> {
  const [row] = await db.select().from(findings).where(eq(findings.id, id));
  return row ? withEffectiveStatus(row) : null;
}

export async function getFindingOrThrow(db: Db, id: string): Promise<Finding> {
  const row = await getFinding(db, id);
  if (!row) throw new AppError("not_found:finding", `No finding with id "${id}".`);
  return row;
}

function withEffectiveStatus(row: FindingRow): Finding {
  if (row.status === "accepted" && row.acceptedExpiresAt && row.acceptedExpiresAt < new Date()) return { ...row, status: "open" };
  return row;
}

export interface AcceptFindingInput {
  reason: string;
  /** When the acceptance lapses and the finding reopens; null = until reopened by hand. */
  expiresAt: Date | null;
  by: string;
}

/** Accept the risk of an open finding, with a reason and an expiry; it stays accepted across sweeps. */
export async function acceptFinding(db: Db, id: string, input: AcceptFindingInput): Promise<Finding> {
  const reason = input.reason.trim();
  if (!reason) throw new AppError("bad_request:input", "Accepting a finding needs a reason.");
  if (input.expiresAt && input.expiresAt.getTime() <= Date.now()) throw new AppError("bad_request:input", "The acceptance expiry must be in the future.");
  const current = await getFindingOrThrow(db, id);
  if (current.status === "resolved") throw new AppError("bad_request:input", `Finding ${id} is resolved; there is nothing to accept.`);
  const [row] = await db
    .update(findings)
    .set({ status: "accepted", acceptedReason: reason, acceptedExpiresAt: input.expiresAt, acceptedBy: input.by })
    .where(eq(findings.id, id))
    .returning();
  await db.insert(findingEvents).values({ findingId: id, actor: input.by, fromStatus: current.status, toStatus: "accepted", reason, expiresAt: input.expiresAt });
  return row;
}

/** Undo an acceptance (or reopen a resolved finding until the next analysis decides again). */
export async function reopenFinding(db: Db, id: string, by: string | null = null, reason: string | null = null): Promise<Finding> {
  const current = await getFindingOrThrow(db, id);
  const [row] = await db
    .update(findings)
    .set({ status: "open", acceptedReason: null, acceptedExpiresAt: null, acceptedBy: null, resolvedAt: null })
    .where(eq(findings.id, id))
    .returning();
  if (current.status !== "open") await db.insert(findingEvents).values({ findingId: id, actor: by, fromStatus: current.status, toStatus: "open", reason });
  return row;
}

// ── What the analysis reads ───────────────────────────────────────────────────────

/** Nodes per query of loadAnalysisNodes: each answer one JSON document of ~100 bytes a node. */
const NODE_CHUNK = 250_000;

/**
 * Every node the rules may name, with props (files and workspaces without: rules never read theirs).
 * Each chunk of ids comes back as one JSON document parsed in one call: PGlite took ~2.5 s to hand over
 * 160k row objects at 1M edges, this ~0.6 s; node-postgres about the same wall time at half the CPU.
 */
export async function loadAnalysisNodes(db: Queryable): Promise<Map<number, NodeInfo>> {
  const skipProps = [nodeKindCode("file"), nodeKindCode("workspace")];
  const [range] = await queryRows<{ min: number | null; max: number | null }>(db, sql`select min(id) as min, max(id) as max from nodes`);
  const nodes = new Map<number, NodeInfo>();
  if (range?.min === null || range?.min === undefined || range.max === null) return nodes;
  for (let from = Number(range.min), last = Number(range.max); from <= last; from += NODE_CHUNK) {
    const [chunk] = await queryRows<{ nodes: string | null }>(db, sql`
      select json_agg(json_build_array(id, kind, key, name, case when kind = any(${sql.param(skipProps)}::smallint[]) then null else props end))::text as nodes
      from nodes where id >= ${from} and id < ${from + NODE_CHUNK}
    `);
    if (!chunk?.nodes) continue;
    for (const [id, kind, key, name, props] of JSON.parse(chunk.nodes) as [number, number, string, string, Record<string, unknown> | null][]) {
      nodes.set(id, { id, kind: nodeKindFromCode(kind), key, name, props: props ?? {} });
    }
  }
  return nodes;
}

export async function loadEscalationEdges(db: Queryable): Promise<EscalationEdge[]> {
  const rows = await queryRows<{ src: number; dst: number; method: string | null; capped: boolean }>(db, sql`
    select src, dst, props->>'method' as method, coalesce(jsonb_array_length(props->'cappedByBoundary') > 0, false) as capped from edges
    where kind = ${edgeKindCode("can_assume")} and props->>'escalation' = 'true'
    order by src, dst
  `);
  return rows.map((r) => ({ src: Number(r.src), dst: Number(r.dst), method: r.method, capped: r.capped === true }));
}
