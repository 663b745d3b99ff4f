import { z } from "zod";
import { issueMessage } from "@/lib/issue-text";
import { withDatabase } from "@/lib/cli/database";
import { parseFlags } from "@/lib/cli/main";
import type { CliIo } from "@/lib/cli/output";
import { formatTable } from "@/lib/cli/table";
import { listFindings } from "@/lib/db/queries/findings";
import { FINDING_SEVERITIES, FINDING_STATUSES } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";

const filterSchema = z.object({
  severity: z.enum(FINDING_SEVERITIES).optional(),
  status: z.enum(FINDING_STATUSES).optional(),
  rule: z.string().optional(),
  agent: z.string().optional(),
});

/**
 * blastmap findings [--json] [--severity LEVEL] [--rule ID] [--status STATUS] [--agent NAME_OR_ID]
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
  });
  const parsed = filterSchema.safeParse(values);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError("bad_request:usage", `--${String(issue.path[0])}: ${issueMessage(issue)}`);
  }
  const findings = await withDatabase((db) => listFindings(db, parsed.data));
  if (values.json) {
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
