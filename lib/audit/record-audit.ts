/**
 * Writes one audit entry: who, what, on what, from where, and how it ended. Values come from requests,
 * so every string is bounded; callers pass ids and field names, never secrets or free text.
 */
import type { Db } from "@/lib/db/client";
import { insertAuditEntry } from "@/lib/db/queries/audit";
import type { AuditEntry } from "@/lib/db/schema";
import type { AuditAction } from "@/lib/audit/actions";

export interface AuditActor {
  userId?: number | null;
  /** A username, "token:bm_3f9a12", or "anonymous". */
  name: string;
}

export interface AuditEvent {
  actor: AuditActor;
  action: AuditAction;
  outcome?: AuditEntry["outcome"];
  target?: string | null;
  address?: string | null;
  detail?: Record<string, string | number | boolean | null | string[] | number[]>;
}

const MAX_TEXT = 200;

function bound(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  return value.length > MAX_TEXT ? `${value.slice(0, MAX_TEXT)}…` : value;
}

function boundDetail(detail: AuditEvent["detail"]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(detail ?? {}).slice(0, 20)) {
    if (typeof value === "string") out[bound(key)!] = bound(value);
    else if (Array.isArray(value)) out[bound(key)!] = value.slice(0, 50).map((item) => (typeof item === "string" ? bound(item) : item));
    else out[bound(key)!] = value;
  }
  return out;
}

export async function recordAudit(db: Db, event: AuditEvent): Promise<void> {
  await insertAuditEntry(db, {
    actorUserId: event.actor.userId ?? null,
    actor: bound(event.actor.name) ?? "anonymous",
    action: event.action,
    outcome: event.outcome ?? "success",
    target: bound(event.target),
    address: bound(event.address),
    detail: boundDetail(event.detail),
  });
}

/**
 * For events that must not fail the request they describe (a read's token use, a refused request): a
 * write error is logged by its name only and the request goes on.
 */
export async function recordAuditQuietly(db: Db, event: AuditEvent): Promise<void> {
  try {
    await recordAudit(db, event);
  } catch (error) {
    console.error("audit: could not record", event.action, error instanceof Error ? error.name : typeof error);
  }
}
