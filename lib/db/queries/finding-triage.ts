/**
 * Working through findings: search, sort and page them as the findings URL says (lib/findings/finding-query.ts),
 * change the status of many at once with a reason, and read each finding's status history.
 */
import { and, asc, desc, eq, inArray, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { FINDING_SEVERITIES, findingEvents, findings, type FindingEventRow, type FindingRow, type FindingStatus } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import type { FindingQuery, FindingSort } from "@/lib/findings/finding-query";
import { nodeKindCode } from "@/lib/graph/kind-codes";
import { nodes } from "@/lib/db/schema";

/** An acceptance past its expiry reads as open, even before the next analysis rewrites it. */
const effectiveStatus = sql<FindingStatus>`(case when ${findings.status} = 'accepted' and ${findings.acceptedExpiresAt} < now() then 'open' else ${findings.status} end)`;
const severityRank = sql.raw(`array_position(array[${FINDING_SEVERITIES.map((s) => `'${s}'`).join(",")}]::text[], ${'"findings"."severity"'})`);

const SORT_COLUMNS: Record<FindingSort, SQL> = {
  severity: severityRank,
  title: sql`lower(${findings.title})`,
  subject: sql`lower(${findings.subjectName})`,
  rule: sql`${findings.rule}`,
  status: effectiveStatus,
  lastSeen: sql`${findings.lastSeenAt}`,
};

export type FindingListRow = Pick<FindingRow, "id" | "rule" | "severity" | "status" | "title" | "subjectKind" | "subjectKey" | "subjectName" | "lastSeenAt" | "acceptedReason"> & {
  agentCount: number;
};

/** Escapes LIKE's wildcards so a search for `100%_db` means those characters. */
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, "\\$&")}%`;
}

async function conditionsOf(db: Db, query: Pick<FindingQuery, "q" | "status" | "severity" | "rule" | "agent">): Promise<SQL | undefined> {
  const conditions: SQL[] = [];
  if (query.status.length) conditions.push(sql`${effectiveStatus} in (${sql.join(query.status.map((s) => sql`${s}`), sql`, `)})`);
  if (query.severity.length) conditions.push(inArray(findings.severity, query.severity));
  if (query.rule.length) conditions.push(inArray(findings.rule, query.rule));
  if (query.agent.length) {
    const agents = await db.select({ key: nodes.key }).from(nodes).where(and(eq(nodes.kind, nodeKindCode("agent")), inArray(nodes.id, query.agent)));
    // Agents that no longer exist match nothing, like any other filter value with no findings.
    const keys = agents.map((a) => a.key);
    conditions.push(keys.length ? sql`${findings.agentKeys} && ${sql.param(keys)}::text[]` : sql`false`);
  }
  if (query.q) {
    const pattern = likePattern(query.q);
    conditions.push(sql`(${findings.title} ilike ${pattern} or ${findings.subjectName} ilike ${pattern} or ${findings.subjectKey} ilike ${pattern} or ${findings.rule} ilike ${pattern} or ${findings.id} = ${query.q})`);
  }
  return conditions.length ? and(...conditions) : undefined;
}

function orderOf(query: Pick<FindingQuery, "sort" | "dir">): SQL[] {
  const direction = query.dir === "desc" ? desc : asc;
  // Ties fall back to the default order, then the id, so pages never overlap or skip a row.
  return [direction(SORT_COLUMNS[query.sort]), asc(severityRank), asc(findings.rule), asc(findings.subjectName), asc(findings.id)];
}

/** One page of findings as the list shows them (no evidence), with the number matching the filter. */
/** What a row of a findings list shows: no evidence (the bulk of a finding). */
const LIST_ROW_COLUMNS = {
  id: findings.id,
  rule: findings.rule,
  severity: findings.severity,
  status: effectiveStatus,
  title: findings.title,
  subjectKind: findings.subjectKind,
  subjectKey: findings.subjectKey,
  subjectName: findings.subjectName,
  lastSeenAt: findings.lastSeenAt,
  acceptedReason: findings.acceptedReason,
  agentCount: sql<number>`cardinality(${findings.agentKeys})`,
};

export async function searchFindings(db: Db, query: FindingQuery): Promise<{ rows: FindingListRow[]; total: number; page: number; pages: number }> {
  const where = await conditionsOf(db, query);
  const [{ total }] = await db.select({ total: sql<number>`count(*)::int` }).from(findings).where(where);
  const pages = Math.max(1, Math.ceil(Number(total) / query.size));
  // A page past the end (the filter narrowed since the link was made) shows the last one.
  const page = Math.min(query.page, pages);
  const rows = await db
    .select(LIST_ROW_COLUMNS)
    .from(findings)
    .where(where)
    .orderBy(...orderOf(query))
    .limit(query.size)
    .offset((page - 1) * query.size);
  return { rows: rows.map((r) => ({ ...r, agentCount: Number(r.agentCount) })), total: Number(total), page, pages };
}

/** The most findings one export holds: a SARIF log of 34k findings with their paths is ~100 MB. */
export const MAX_EXPORT_FINDINGS = 10_000;

/** Every finding the filter matches, with evidence, in the list's order (at most MAX_EXPORT_FINDINGS). */
export async function listFindingsForExport(db: Db, query: FindingQuery): Promise<{ rows: FindingRow[]; total: number }> {
  const where = await conditionsOf(db, query);
  const rows = await db
    .select({ finding: findings, status: effectiveStatus, total: sql<number>`count(*) over ()` })
    .from(findings)
    .where(where)
    .orderBy(...orderOf(query))
    .limit(MAX_EXPORT_FINDINGS);
  return { rows: rows.map((r) => ({ ...r.finding, status: r.status })), total: Number(rows[0]?.total ?? 0) };
}

export interface StatusChange {
  to: "accepted" | "open";
  /** Why: required, kept in the history. */
  reason: string;
  /** An acceptance's expiry; null = until reopened by hand. Ignored when reopening. */
  expiresAt: Date | null;
  by: string;
}

/**
 * Accepts or reopens findings, recording each change with its reason. Accepting skips resolved findings
 * (nothing to accept) and ones accepted already; reopening skips open ones. Returns how many changed.
 */
export async function changeFindingsStatus(db: Db, ids: string[], change: StatusChange): Promise<{ changed: number; skipped: number }> {
  const reason = change.reason.trim();
  if (!reason) throw new AppError("bad_request:input", change.to === "accepted" ? "Accepting a finding needs a reason." : "Reopening a finding needs a reason.");
  if (change.to === "accepted" && change.expiresAt && change.expiresAt.getTime() <= Date.now()) {
    throw new AppError("bad_request:input", "The acceptance expiry must be in the future.");
  }
  const unique = [...new Set(ids)];
  if (unique.length === 0) throw new AppError("bad_request:input", "Select at least one finding.");
  return db.transaction(async (tx) => {
    const current = await tx.select({ id: findings.id, status: effectiveStatus }).from(findings).where(inArray(findings.id, unique)).for("update");
    if (current.length === 0) throw new AppError("not_found:finding", unique.length === 1 ? `No finding with id "${unique[0]}".` : "None of these findings exist any more.");
    const eligible = current.filter((f) => (change.to === "accepted" ? f.status === "open" : f.status !== "open"));
    if (eligible.length === 0) {
      return { changed: 0, skipped: unique.length };
    }
    const eligibleIds = eligible.map((f) => f.id);
    if (change.to === "accepted") {
      await tx
        .update(findings)
        .set({ status: "accepted", acceptedReason: reason, acceptedExpiresAt: change.expiresAt, acceptedBy: change.by })
        .where(inArray(findings.id, eligibleIds));
    } else {
      await tx
        .update(findings)
        .set({ status: "open", acceptedReason: null, acceptedExpiresAt: null, acceptedBy: null, resolvedAt: null })
        .where(inArray(findings.id, eligibleIds));
    }
    await tx.insert(findingEvents).values(
      eligible.map((f) => ({
        findingId: f.id,
        actor: change.by,
        fromStatus: f.status,
        toStatus: change.to,
        reason,
        expiresAt: change.to === "accepted" ? change.expiresAt : null,
      })),
    );
    return { changed: eligible.length, skipped: unique.length - eligible.length };
  });
}

export type FindingEvent = FindingEventRow;

/** A finding's status changes, newest first. */
export async function listFindingEvents(db: Db, findingId: string, limit = 200): Promise<FindingEvent[]> {
  return db.select().from(findingEvents).where(eq(findingEvents.findingId, findingId)).orderBy(desc(findingEvents.id)).limit(limit);
}

/** The findings whose subject is one node, of any status, worst first. */
export async function listFindingsAboutSubject(db: Db, kind: string, key: string, limit = 50): Promise<FindingListRow[]> {
  const rows = await db
    .select(LIST_ROW_COLUMNS)
    .from(findings)
    .where(and(eq(findings.subjectKind, kind), eq(findings.subjectKey, key)))
    .orderBy(asc(severityRank), asc(findings.rule), asc(findings.id))
    .limit(limit);
  return rows.map((r) => ({ ...r, agentCount: Number(r.agentCount) }));
}
