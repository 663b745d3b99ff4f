/**
 * The audit page's and the CSV export's filters, parsed from the query string with one schema.
 */
import { z } from "zod";
import { AUDIT_ACTIONS } from "@/lib/audit/actions";
import type { AuditFilter } from "@/lib/db/queries/audit";
import { AUDIT_OUTCOMES } from "@/lib/db/schema";
import { rowIdSchema } from "@/lib/db/row-id";

const empty = (value: unknown) => (value === "" ? undefined : value);
const day = z.preprocess(empty, z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "a date like 2026-12-06").optional());

export const auditQuerySchema = z.object({
  action: z.preprocess(empty, z.enum(AUDIT_ACTIONS).optional()),
  actor: z.preprocess(empty, z.string().trim().max(200).optional()),
  outcome: z.preprocess(empty, z.enum(AUDIT_OUTCOMES).optional()),
  from: day,
  to: day,
  before: z.preprocess(empty, rowIdSchema.optional()),
});

export type AuditQuery = z.infer<typeof auditQuerySchema>;

/** Dates are whole UTC days: "to" includes its day. */
export function toAuditFilter(query: AuditQuery): AuditFilter {
  return {
    action: query.action,
    actor: query.actor,
    outcome: query.outcome,
    from: query.from ? new Date(`${query.from}T00:00:00Z`) : undefined,
    to: query.to ? new Date(new Date(`${query.to}T00:00:00Z`).getTime() + 86_400_000) : undefined,
  };
}

/** The query string of a filter, for links to the next page and to the export. */
export function auditSearch(query: AuditQuery, extra: Partial<AuditQuery> = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...query, before: undefined, ...extra })) if (value !== undefined && value !== "") params.set(key, String(value));
  const text = params.toString();
  return text ? `?${text}` : "";
}
