import { z } from "zod";
import { issueMessage } from "@/lib/issue-text";
import { withDatabase } from "@/lib/cli/database";
import { parseFlags } from "@/lib/cli/main";
import type { CliIo } from "@/lib/cli/output";
import { formatTable } from "@/lib/cli/table";
import { listFindings } from "@/lib/db/queries/findings";
import { findAgentOrThrow } from "@/lib/db/queries/reach";
import { EXPORT_FORMATS, exportFindings } from "@/lib/findings/export/export-findings";
import { parseFindingQuery } from "@/lib/findings/finding-query";
import { RULE_IDS } from "@/lib/findings/types";
import packageJson from "@/package.json";
import { FINDING_SEVERITIES, FINDING_STATUSES } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";

const filterSchema = z.object({
  severity: z.enum(FINDING_SEVERITIES).optional(),
  status: z.enum(FINDING_STATUSES).optional(),
  rule: z.enum(RULE_IDS).optional(),
  agent: z.string().optional(),
  format: z.enum(["table", "json", ...EXPORT_FORMATS]).optional(),
});

/**
 * blastmap findings [--json | --format table|json|csv|sarif] [--severity LEVEL] [--rule ID] [--status STATUS] [--agent NAME_OR_ID]
 * csv and sarif are the files the findings page exports (lib/findings/export), of every status unless
 * --status narrows it.
 * JSON shape (stable): [{ id, rule, severity, status, subject: { kind, key, name }, title, remediation,
 * evidence, firstSeenAt, lastSeenAt, acceptedReason, acceptedExpiresAt }]
 */
export async function findingsCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseFlags(args, {
    json: { type: "boolean" },
    severity: { type: "string" },
    rule: { type: "string" },
    status: { type: "string" },
    agent: { type: "string" },
    format: { type: "string" },
  });
  const parsed = filterSchema.safeParse(values);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError("bad_request:usage", `--${String(issue.path[0])}: ${issueMessage(issue)}`);
  }
  const format = parsed.data.format ?? (values.json ? "json" : "table");
  if (values.json && format !== "json") throw new AppError("bad_request:usage", "--json and --format disagree: give one of them.");
  if (format === "csv" || format === "sarif") {
    const { status, severity, rule, agent } = parsed.data;
    const file = await withDatabase(async (db) => {
      const params = new URLSearchParams({ status: status ?? "all" });
      if (severity) params.set("severity", severity);
      if (rule) params.set("rule", rule);
      if (agent !== undefined) params.set("agent", String((await findAgentOrThrow(db, agent)).id));
      return exportFindings(db, parseFindingQuery(params), format, { version: packageJson.version });
    });
    io.out(file.body);
    if (file.exported < file.total) io.err(`Exported the first ${file.exported} of ${file.total} findings; narrow the filter for the rest.`);
    return 0;
  }
  const findings = await withDatabase((db) => listFindings(db, parsed.data));
  if (format === "json") {
    const rows = findings.map((f) => ({
      id: f.id,
      rule: f.rule,
      severity: f.severity,
      status: f.status,
      subject: { kind: f.subjectKind, key: f.subjectKey, name: f.subjectName },
      title: f.title,
      remediation: f.remediation,
      evidence: f.evidence,
      firstSeenAt: f.firstSeenAt,
      lastSeenAt: f.lastSeenAt,
      acceptedReason: f.acceptedReason,
      acceptedExpiresAt: f.acceptedExpiresAt,
    }));
    io.out(`${JSON.stringify(rows, null, 2)}\n`);
  } else if (findings.length === 0) {
    io.err("No findings match.");
  } else {
    io.out(formatTable(["SEVERITY", "RULE", "STATUS", "TITLE", "ID"], findings.map((f) => [f.severity, f.rule, f.status, f.title, f.id])));
  }
  return 0;
}
