/**
 * Findings as CSV, one row a finding. Collected names are attacker-controlled, and a spreadsheet runs a
 * cell that starts with `=`, `+`, `-` or `@` as a formula: papaparse's formula escaping prefixes those
 * with a quote, so an exported subject named `=HYPERLINK(…)` stays text.
 */
import Papa from "papaparse";
import type { FindingRow } from "@/lib/db/schema";

export const CSV_COLUMNS = [
  "id",
  "severity",
  "status",
  "rule",
  "title",
  "subject_kind",
  "subject_name",
  "subject_key",
  "agents",
  "summary",
  "remediation",
  "first_seen_at",
  "last_seen_at",
  "accepted_by",
  "accepted_reason",
  "accepted_expires_at",
] as const;

export function findingsToCsv(findings: readonly FindingRow[]): string {
  const rows = findings.map((f) => {
    const summary = (f.evidence as { summary?: unknown }).summary;
    return [
      f.id,
      f.severity,
      f.status,
      f.rule,
      f.title,
      f.subjectKind,
      f.subjectName,
      f.subjectKey,
      f.agentKeys.length,
      typeof summary === "string" ? summary : "",
      f.remediation,
      iso(f.firstSeenAt),
      iso(f.lastSeenAt),
      f.acceptedBy ?? "",
      f.acceptedReason ?? "",
      iso(f.acceptedExpiresAt),
    ];
  });
  return Papa.unparse({ fields: [...CSV_COLUMNS], data: rows }, { escapeFormulae: true, newline: "\r\n" }) + "\r\n";
}

function iso(value: Date | string | null): string {
  return value === null ? "" : new Date(value).toISOString();
}
