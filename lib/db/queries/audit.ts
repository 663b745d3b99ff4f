/**
 * The audit log: inserts and reads only. There is no update or delete here, and the database rejects
 * them (drizzle/0006).
 */
import { and, count, desc, eq, gte, lt, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { auditLog, type AuditEntry } from "@/lib/db/schema";

export type NewAuditEntry = Omit<typeof auditLog.$inferInsert, "id" | "at">;

export async function insertAuditEntry(db: Db, values: NewAuditEntry): Promise<void> {
  await db.insert(auditLog).values(values);
}

export interface AuditFilter {
  action?: string;
  actor?: string;
  outcome?: AuditEntry["outcome"];
  /** Inclusive start and exclusive end. */
  from?: Date;
  to?: Date;
}

function whereOf(filter: AuditFilter): SQL | undefined {
  return and(
    filter.action ? eq(auditLog.action, filter.action) : undefined,
    filter.actor ? eq(auditLog.actor, filter.actor) : undefined,
    filter.outcome ? eq(auditLog.outcome, filter.outcome) : undefined,
    filter.from ? gte(auditLog.at, filter.from) : undefined,
    filter.to ? lt(auditLog.at, filter.to) : undefined,
  );
}

/** Newest first; `before` is the id of the last row of the previous page (keyset pagination). */
export async function listAuditEntries(db: Db, filter: AuditFilter, page: { limit: number; before?: number }): Promise<AuditEntry[]> {
  return db
    .select()
    .from(auditLog)
    .where(and(whereOf(filter), page.before ? lt(auditLog.id, page.before) : undefined))
    .orderBy(desc(auditLog.id))
    .limit(page.limit);
}

export async function countAuditEntries(db: Db, filter: AuditFilter): Promise<number> {
  const [row] = await db.select({ value: count() }).from(auditLog).where(whereOf(filter));
  return Number(row.value);
}

/** Batches for the CSV export, newest first, so an export of any size streams in bounded memory. */
export async function* iterateAuditEntries(db: Db, filter: AuditFilter, batchSize = 1000): AsyncGenerator<AuditEntry[]> {
  let before: number | undefined;
  for (;;) {
    const rows = await listAuditEntries(db, filter, { limit: batchSize, before });
    if (rows.length === 0) return;
    yield rows;
    if (rows.length < batchSize) return;
    before = rows[rows.length - 1].id;
  }
}

export interface SignInFailures {
  count: number;
  oldest: Date | null;
}

/**
 * Failed sign-ins since `since`, for a username (any address) or from an address (any username). An
 * account's count restarts at its last successful sign-in; an address's does not, or one valid account
 * would let its owner guess at every other one from the same address.
 */
export async function countRecentSignInFailures(db: Db, key: { target: string } | { address: string }, since: Date): Promise<SignInFailures> {
  const byAccount = "target" in key;
  const after = byAccount
    ? sql`${auditLog.at} > coalesce((select max(s.at) from audit_log s where s.action = 'auth.sign_in' and s.outcome = 'success' and s.target = ${key.target}), '-infinity'::timestamptz)`
    : undefined;
  const [row] = await db
    .select({ value: count(), oldest: sql<string | null>`min(${auditLog.at})` })
    .from(auditLog)
    .where(
      and(
        eq(auditLog.action, "auth.sign_in"),
        eq(auditLog.outcome, "failure"),
        byAccount ? eq(auditLog.target, key.target) : eq(auditLog.address, key.address),
        gte(auditLog.at, since),
        after,
      ),
    );
  return { count: Number(row.value), oldest: row.oldest ? new Date(row.oldest) : null };
}

/** A user's own failed attempts at `action` since `since` (wrong current passwords, say). */
export async function countRecentFailuresOfUser(db: Db, action: string, userId: number, since: Date): Promise<SignInFailures> {
  const [row] = await db
    .select({ value: count(), oldest: sql<string | null>`min(${auditLog.at})` })
    .from(auditLog)
    .where(and(eq(auditLog.action, action), eq(auditLog.outcome, "failure"), eq(auditLog.actorUserId, userId), gte(auditLog.at, since)));
  return { count: Number(row.value), oldest: row.oldest ? new Date(row.oldest) : null };
}
