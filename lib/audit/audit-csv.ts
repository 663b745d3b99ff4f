/**
 * The audit log as CSV (RFC 4180), safe to open in a spreadsheet: a cell that starts like a formula
 * (= + - @, tab, carriage return) gets a leading apostrophe, because names in the log come from requests.
 */
import type { AuditEntry } from "@/lib/db/schema";

export const AUDIT_CSV_HEADER = ["id", "at", "actor", "action", "outcome", "target", "address", "detail"] as const;

export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "";
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function auditCsvRow(entry: AuditEntry): string {
  const detail = Object.keys(entry.detail ?? {}).length ? JSON.stringify(entry.detail) : "";
  return [entry.id, entry.at.toISOString(), entry.actor, entry.action, entry.outcome, entry.target, entry.address, detail].map(csvCell).join(",") + "\r\n";
}
