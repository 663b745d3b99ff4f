/**
 * Findings: saving a recomputation (status survives: accepted stays accepted until it expires, resolved
 * reopens when produced again, what is no longer produced resolves) and the queries the CLI and UI use.
 */
import { createHash } from "node:crypto";
import { and, eq, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { findAgentOrThrow } from "@/lib/db/queries/reach";
import { queryRows, type Queryable } from "@/lib/db/rows";
import { FINDING_SEVERITIES, findings, type FindingRow, type FindingSeverity, type FindingStatus } from "@/lib/db/schema";
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

const CHUNK = 500;

export async function saveFindings(db: Db, drafts: FindingDraft[], options: { sweepId: number | null; now?: Date }): Promise<SaveFindingsResult> {
  const now = options.now ?? new Date();
  return db.transaction(async (tx) => {
    const existing = new Map(
      (await tx.select({ id: findings.id, status: findings.status, acceptedExpiresAt: findings.acceptedExpiresAt }).from(findings)).map((r) => [r.id, r]),
    );
    const byId = new Map<string, FindingDraft>();
    for (const draft of drafts) byId.set(findingId(draft.rule, draft.subject.key, draft.scope), draft);
    let opened = 0;
    let reopened = 0;
    const rows = [...byId.entries()].map(([id, draft]) => {
      const before = existing.get(id);
      let status: FindingStatus = "open";
      if (!before) opened++;
      else if (before.status === "accepted" && (!before.acceptedExpiresAt || before.acceptedExpiresAt > now)) status = "accepted";
      else if (before.status !== "open") reopened++;
      return {
        id,
        rule: draft.rule,
        severity: draft.severity,
        subjectKind: draft.subject.kind,
        subjectKey: draft.subject.key,
        subjectName: draft.subject.name,
        agentKeys: [...new Set(draft.agentKeys)].sort(),
        title: draft.title,
        evidence: draft.evidence,
        remediation: draft.remediation,
        status,
        firstSeenSweep: options.sweepId,
        lastSeenSweep: options.sweepId,
        firstSeenAt: now,
        lastSeenAt: now,
        resolvedAt: null,
      };
    });
    for (let i = 0; i < rows.length; i += CHUNK) {
      await tx
        .insert(findings)
        .values(rows.slice(i, i + CHUNK))
        .onConflictDoUpdate({
          target: findings.id,
          set: {
            severity: sql`excluded.severity`,
            subjectName: sql`excluded.subject_name`,
            agentKeys: sql`excluded.agent_keys`,
            title: sql`excluded.title`,
            evidence: sql`excluded.evidence`,
            remediation: sql`excluded.remediation`,
            status: sql`excluded.status`,
            // An expired acceptance is over: clear it when the finding reopens.
            acceptedReason: sql`case when excluded.status = 'accepted' then ${findings.acceptedReason} else null end`,
            acceptedExpiresAt: sql`case when excluded.status = 'accepted' then ${findings.acceptedExpiresAt} else null end`,
            acceptedBy: sql`case when excluded.status = 'accepted' then ${findings.acceptedBy} else null end`,
            lastSeenSweep: sql`excluded.last_seen_sweep`,
            lastSeenAt: sql`excluded.last_seen_at`,
            resolvedAt: sql`null`,
          },
        });
    }
    const produced = [...byId.keys()];
    const [gone] = await queryRows<{ count: number }>(tx, sql`
      with resolved as (
        update findings set status = 'resolved', resolved_at = ${now}
        where status <> 'resolved' and not (id = any(${sql.param(produced)}::text[]))
        returning 1
      )
      select count(*)::int as count from resolved
    `);
    return { findings: rows.length, opened, reopened, resolved: Number(gone.count) };
  });
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
  const conditions: SQL[] = [];
  if (filter.severity) conditions.push(eq(findings.severity, filter.severity));
  if (filter.rule) conditions.push(eq(findings.rule, filter.rule));
  if (filter.status) conditions.push(sql`${effectiveStatus} = ${filter.status}`);
  if (filter.agent !== undefined) {
    const agent = await findAgentOrThrow(db, filter.agent);
    conditions.push(sql`${agent.key} = any(${findings.agentKeys})`);
  }
  const rows = await db
    .select()
    .from(findings)
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(severityRank, findings.rule, findings.subjectName, findings.id);
  return rows.map(withEffectiveStatus);
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
  return row;
}

/** Undo an acceptance (or reopen a resolved finding until the next analysis decides again). */
export async function reopenFinding(db: Db, id: string): Promise<Finding> {
  await getFindingOrThrow(db, id);
  const [row] = await db
    .update(findings)
    .set({ status: "open", acceptedReason: null, acceptedExpiresAt: null, acceptedBy: null, resolvedAt: null })
    .where(eq(findings.id, id))
    .returning();
  return row;
}

// ── What the analysis reads ───────────────────────────────────────────────────────

/** Every node the rules may name, with props (files and workspaces without: rules never read theirs). */
export async function loadAnalysisNodes(db: Queryable): Promise<Map<number, NodeInfo>> {
  const skipProps = [nodeKindCode("file"), nodeKindCode("workspace")];
  const rows = await queryRows<{ id: number; kind: number; key: string; name: string; props: Record<string, unknown> | null }>(db, sql`
    select id, kind, key, name, case when kind = any(${sql.param(skipProps)}::smallint[]) then null else props end as props from nodes
  `);
  const nodes = new Map<number, NodeInfo>();
  for (const r of rows) nodes.set(Number(r.id), { id: Number(r.id), kind: nodeKindFromCode(Number(r.kind)), key: r.key, name: r.name, props: r.props ?? {} });
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
