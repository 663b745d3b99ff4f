/** Finding rows for the export tests: one per status, one with a subject built to be a spreadsheet formula. */
import type { FindingRow } from "@/lib/db/schema";

const base = {
  agentKeys: ["agent:cursor"],
  evidence: {
    summary: "Cursor can DROP orders-db.",
    paths: [
      {
        nodes: [
          { kind: "agent", key: "agent:cursor", name: "Cursor" },
          { kind: "credential", key: "cred:1", name: "DATABASE_URL (post…6543)" },
          { kind: "identity", key: "pg:app", name: "app" },
          { kind: "resource", key: "pg:orders", name: "orders-db" },
        ],
        edges: [{ kind: "configured_with" }, { kind: "authenticates_as" }, { kind: "can", action: "DROP" }],
      },
    ],
  },
  remediation: "Give the agent a read-only role.",
  firstSeenSweep: 1,
  lastSeenSweep: 2,
  firstSeenAt: new Date("2026-11-01T10:00:00Z"),
  lastSeenAt: new Date("2026-11-02T10:00:00Z"),
  resolvedAt: null,
  acceptedReason: null,
  acceptedExpiresAt: null,
  acceptedBy: null,
} satisfies Partial<FindingRow>;

export const TEST_FINDINGS: FindingRow[] = [
  { ...base, id: "f1", rule: "destructive-reach", severity: "critical", status: "open", subjectKind: "resource", subjectKey: "pg:orders", subjectName: "orders-db", title: "Cursor can DROP orders-db" },
  {
    ...base,
    id: "f2",
    rule: "over-scoped-credential",
    severity: "high",
    status: "accepted",
    subjectKind: "credential",
    subjectKey: "cred:1",
    subjectName: "=HYPERLINK(\"http://attacker.example\",\"x\")",
    title: "Over-scoped credential DATABASE_URL (post…6543)",
    acceptedReason: "rotation planned, \"next\" sprint",
    acceptedBy: "admin",
    acceptedExpiresAt: new Date("2027-01-01T23:59:59Z"),
  },
  { ...base, id: "f3", rule: "dormant-credential", severity: "low", status: "resolved", subjectKind: "credential", subjectKey: "cred:2", subjectName: "old key", title: "Dormant credential old key", evidence: {} },
];
