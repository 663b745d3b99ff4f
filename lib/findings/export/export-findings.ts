/**
 * Exports the findings a query matches, as CSV or SARIF: what the findings page's download links (through
 * /api/v1/findings/export) and `blastmap findings --format` both call.
 */
import type { Db } from "@/lib/db/client";
import { listFindingsForExport } from "@/lib/db/queries/finding-triage";
import { findingsToCsv } from "@/lib/findings/export/csv";
import { findingsToSarif } from "@/lib/findings/export/sarif";
import type { FindingQuery } from "@/lib/findings/finding-query";
import { FINDING_RULES } from "@/lib/findings/registry";

export const EXPORT_FORMATS = ["csv", "sarif"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

const CONTENT_TYPE: Record<ExportFormat, string> = { csv: "text/csv; charset=utf-8", sarif: "application/sarif+json" };
const EXTENSION: Record<ExportFormat, string> = { csv: "csv", sarif: "sarif" };

export interface FindingsExport {
  body: string;
  contentType: string;
  fileName: string;
  /** How many findings matched; more than `exported` when the export was capped. */
  total: number;
  exported: number;
}

export async function exportFindings(db: Db, query: FindingQuery, format: ExportFormat, options: { version: string; baseUrl?: string; now?: Date }): Promise<FindingsExport> {
  const { rows, total } = await listFindingsForExport(db, query);
  const body =
    format === "csv"
      ? findingsToCsv(rows)
      : `${JSON.stringify(findingsToSarif(rows, { rules: FINDING_RULES.map((r) => ({ id: r.id, description: r.description })), version: options.version, baseUrl: options.baseUrl }), null, 2)}\n`;
  const stamp = (options.now ?? new Date()).toISOString().slice(0, 16).replace(/[:T]/g, "-");
  return { body, contentType: CONTENT_TYPE[format], fileName: `blastmap-findings-${stamp}.${EXTENSION[format]}`, total, exported: rows.length };
}
