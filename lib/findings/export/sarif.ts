/**
 * Findings as a SARIF 2.1.0 log, the format code-scanning dashboards read. Blastmap's findings are about
 * agents, credentials and resources rather than lines of code, so each result names its subject as a
 * logical location (kind + natural key); its stable finding id is the result's fingerprint, so a
 * dashboard follows the same finding across exports. Accepted findings carry an accepted suppression
 * with its reason; resolved ones are results of kind "pass".
 */
import type { Log, ReportingDescriptor, Result } from "sarif";
import type { FindingRow, FindingSeverity } from "@/lib/db/schema";
import type { EvidencePath } from "@/lib/findings/types";

export const SARIF_SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json";

const LEVEL: Record<FindingSeverity, Result.level> = { critical: "error", high: "error", medium: "warning", low: "note", info: "note" };
/** GitHub's `security-severity` scale (0–10): ≥9 critical, ≥7 high, ≥4 medium, else low. */
const SECURITY_SEVERITY: Record<FindingSeverity, string> = { critical: "9.5", high: "8.0", medium: "5.5", low: "3.0", info: "1.0" };
const MAX_PATHS = 5;

export interface SarifRule {
  id: string;
  description: string;
}

export interface SarifOptions {
  rules: readonly SarifRule[];
  version: string;
  /** Where the findings can be opened, e.g. https://blastmap.internal; links are left out without it. */
  baseUrl?: string;
}

export function findingsToSarif(findings: readonly FindingRow[], options: SarifOptions): Log {
  const rules: ReportingDescriptor[] = options.rules.map((rule) => ({
    id: rule.id,
    name: rule.id.replace(/(^|-)([a-z])/g, (_m, _dash, c: string) => c.toUpperCase()),
    shortDescription: { text: rule.description },
    properties: { tags: ["security", "least-privilege"] },
  }));
  const ruleIndex = new Map(options.rules.map((rule, i) => [rule.id, i]));
  const results: Result[] = findings.map((f) => {
    const evidence = f.evidence as { summary?: unknown; paths?: unknown };
    const summary = typeof evidence.summary === "string" ? evidence.summary : "";
    const paths = Array.isArray(evidence.paths) ? (evidence.paths as EvidencePath[]).slice(0, MAX_PATHS).map(pathText) : [];
    const result: Result = {
      ruleId: f.rule,
      ...(ruleIndex.has(f.rule) ? { ruleIndex: ruleIndex.get(f.rule) } : {}),
      kind: f.status === "resolved" ? "pass" : "fail",
      level: f.status === "resolved" ? "none" : LEVEL[f.severity],
      message: { text: summary ? `${f.title}. ${summary}` : f.title },
      locations: [
        {
          logicalLocations: [{ name: f.subjectName, fullyQualifiedName: `${f.subjectKind}:${f.subjectKey}`, kind: f.subjectKind }],
        },
      ],
      partialFingerprints: { "blastmapFinding/v1": f.id },
      properties: {
        severity: f.severity,
        "security-severity": SECURITY_SEVERITY[f.severity],
        status: f.status,
        subject: { kind: f.subjectKind, key: f.subjectKey, name: f.subjectName },
        agents: f.agentKeys.length,
        remediation: f.remediation,
        firstSeenAt: toIso(f.firstSeenAt),
        lastSeenAt: toIso(f.lastSeenAt),
        ...(paths.length ? { paths } : {}),
        ...(options.baseUrl ? { url: `${options.baseUrl.replace(/\/$/, "")}/findings/${f.id}` } : {}),
      },
    };
    if (f.status === "accepted") {
      result.suppressions = [
        {
          kind: "external",
          status: "accepted",
          justification: [f.acceptedReason, f.acceptedBy ? `accepted by ${f.acceptedBy}` : null, f.acceptedExpiresAt ? `until ${toIso(f.acceptedExpiresAt)}` : null]
            .filter(Boolean)
            .join("; "),
        },
      ];
    }
    return result;
  });
  return {
    $schema: SARIF_SCHEMA_URI,
    version: "2.1.0",
    runs: [
      {
        tool: { driver: { name: "Blastmap", semanticVersion: options.version, rules } },
        results,
        columnKind: "unicodeCodePoints",
      },
    ],
  };
}

/** A path as one line: "Cursor → .env → sk_l…9f2a → … → DROP on orders-db". */
function pathText(path: EvidencePath): string {
  return path.nodes.map((n, i) => (i > 0 && path.edges[i - 1]?.action ? `${path.edges[i - 1].action} on ${n.name}` : n.name)).join(" → ");
}

function toIso(value: Date | string | null): string | null {
  return value === null ? null : new Date(value).toISOString();
}
