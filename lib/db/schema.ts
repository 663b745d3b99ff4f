/**
 * The one schema for all three drivers (PGlite, node-postgres, Neon). Migrations in drizzle/ are generated
 * from it with `npm run db:generate`. Only features Postgres 15 and PGlite (Postgres 18) share.
 */

import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";

export const USER_ROLES = ["admin", "analyst", "viewer"] as const;
export const AUTH_PROVIDERS = ["password", "oidc"] as const;

export const users = pgTable(
  "users",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    username: text("username").notNull().unique(),
    /** argon2id (or a bcrypt hash from before, re-hashed at the next sign-in); null for single sign-on users. */
    passwordHash: text("password_hash"),
    role: text("role", { enum: USER_ROLES }).notNull().default("viewer"),
    /** May approve the destructive calls the runtime guard holds; only an analyst or an admin. */
    approver: boolean("approver").notNull().default(false),
    disabledAt: timestamp("disabled_at", { withTimezone: true }),
    authProvider: text("auth_provider", { enum: AUTH_PROVIDERS }).notNull().default("password"),
    /** "issuer|sub" for single sign-on users: the provider's stable id, never the display name. */
    externalSubject: text("external_subject"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [uniqueIndex("users_external_subject_unique").on(table.externalSubject).where(sql`${table.externalSubject} is not null`)],
);

/**
 * One row per signed-in browser. The session cookie carries the id; only its SHA-256 is stored. Every
 * request looks its row up, so signing out, disabling or deleting a user ends the session at once.
 */
export const userSessions = pgTable(
  "user_sessions",
  {
    idHash: text("id_hash").primaryKey(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    address: text("address"),
  },
  (table) => [index("user_sessions_user_idx").on(table.userId)],
);

export const AUDIT_OUTCOMES = ["success", "failure", "denied"] as const;

/**
 * Append-only: the app only inserts, and a trigger (drizzle/0006) rejects UPDATE, DELETE and TRUNCATE.
 * No foreign keys, so deleting a user leaves the record of what they did.
 */
export const auditLog = pgTable(
  "audit_log",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
    actorUserId: integer("actor_user_id"),
    actor: text("actor").notNull(),
    action: text("action").notNull(),
    outcome: text("outcome", { enum: AUDIT_OUTCOMES }).notNull().default("success"),
    target: text("target"),
    address: text("address"),
    detail: jsonb("detail").$type<Record<string, unknown>>().notNull().default({}),
  },
  (table) => [
    index("audit_log_at_idx").on(table.at.desc(), table.id.desc()),
    index("audit_log_action_at_idx").on(table.action, table.at.desc()),
    index("audit_log_sign_in_target_idx").on(table.target, table.at).where(sql`${table.action} = 'auth.sign_in'`),
    index("audit_log_sign_in_address_idx").on(table.address, table.at).where(sql`${table.action} = 'auth.sign_in'`),
  ],
);

export const sources = pgTable("sources", {
  id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
  name: text("name").notNull().unique(),
  collector: text("collector").notNull(),
  config: jsonb("config").$type<Record<string, unknown>>().notNull().default({}),
  schedule: text("schedule"),
  timezone: text("timezone").notNull().default("UTC"),
  enabled: boolean("enabled").notNull().default(true),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  /** Secret parts of the config (a URL's password, a token), AES-256-GCM sealed; never shown again. */
  secretConfig: text("secret_config"),
  /** A sweep that runs longer than this is stopped and marked failed. */
  timeoutSeconds: integer("timeout_seconds").notNull().default(1800),
  /** The next due run of the schedule; claimed with a conditional update so one instance runs it. */
  nextRunAt: timestamp("next_run_at", { withTimezone: true }),
});

export const SWEEP_STATUSES = ["queued", "running", "succeeded", "failed", "cancelled"] as const;
export const SWEEP_TRIGGERS = ["manual", "schedule", "push", "cli"] as const;

export const sweeps = pgTable(
  "sweeps",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    sourceId: integer("source_id")
      .notNull()
      .references(() => sources.id, { onDelete: "cascade" }),
    status: text("status", { enum: SWEEP_STATUSES }).notNull().default("queued"),
    phase: text("phase"),
    itemsDone: integer("items_done"),
    itemsTotal: integer("items_total"),
    stats: jsonb("stats").$type<SweepStats>(),
    warnings: jsonb("warnings").$type<unknown[]>(),
    error: text("error"),
    queuedAt: timestamp("queued_at", { withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp("started_at", { withTimezone: true }),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
    trigger: text("trigger", { enum: SWEEP_TRIGGERS }).notNull().default("manual"),
    /** What changed since the state before this sweep (see lib/sweeps/sweep-diff.ts). */
    diff: jsonb("diff").$type<SweepDiff>(),
    /** Set by cancel; the runner polls it, so a cancel reaches the instance running the sweep. */
    cancelRequested: boolean("cancel_requested").notNull().default(false),
    /** Refreshed while running; a running sweep with an old heartbeat belonged to a process that died. */
    heartbeatAt: timestamp("heartbeat_at", { withTimezone: true }),
  },
  (table) => [
    index("sweeps_source_idx").on(table.sourceId, table.id),
    // At most one active sweep per source, enforced by the database whatever the number of app instances.
    uniqueIndex("sweeps_one_active_uq").on(table.sourceId).where(sql`status in ('queued', 'running')`),
  ],
);

export interface SweepDiff {
  credentialsAdded: DiffNode[];
  credentialsRemoved: DiffNode[];
  identitiesAdded: DiffNode[];
  identitiesRemoved: DiffNode[];
  /** Destructive (D1–D5) actions some agent reaches now and did not reach before. */
  reachAdded: DiffReach[];
  reachRemoved: DiffReach[];
  findingsOpened: DiffFinding[];
  findingsResolved: DiffFinding[];
}
export interface DiffNode {
  key: string;
  name: string;
}
export interface DiffReach {
  agent: string;
  action: string;
  class: string;
  resource: string;
}
export interface DiffFinding {
  id: string;
  rule: string;
  severity: string;
  title: string;
}

export const SWEEP_LOG_LEVELS = ["info", "warn", "error"] as const;

export const sweepLogs = pgTable(
  "sweep_logs",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    sweepId: integer("sweep_id")
      .notNull()
      .references(() => sweeps.id, { onDelete: "cascade" }),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
    level: text("level", { enum: SWEEP_LOG_LEVELS }).notNull().default("info"),
    message: text("message").notNull(),
  },
  (table) => [index("sweep_logs_sweep_idx").on(table.sweepId, table.id)],
);

/**
 * API tokens for remote collectors. Only the SHA-256 of the token is stored: tokens are 256-bit random
 * values, so a fast hash is enough (no dictionary to guess from) and lookup stays one indexed equality.
 */
export const apiTokens = pgTable("api_tokens", {
  id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
  name: text("name").notNull(),
  tokenHash: text("token_hash").notNull().unique(),
  /** The first characters of the token, to recognise it in a list ("bm_3f9a…"). */
  prefix: text("prefix").notNull(),
  /** ingest: push batches to its sources; guard-sync: read the guard snapshot (and the fingerprint key). */
  scope: text("scope", { enum: ["ingest", "guard-sync"] }).notNull().default("ingest"),
  /** Sources this token may push to (ingest tokens). */
  sourceIds: integer("source_ids").array().notNull().default([]),
  createdBy: text("created_by").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
  revokedAt: timestamp("revoked_at", { withTimezone: true }),
});

export interface SweepStats {
  nodesAdded: number;
  nodesUpdated: number;
  nodesPruned: number;
  edgesAdded: number;
  edgesUpdated: number;
  edgesPruned: number;
}

/**
 * kind is a small integer (lib/graph/kind-codes.ts) so the edge table and its indexes stay compact;
 * (kind, key) is the natural key shared by every collector.
 */
export const nodes = pgTable(
  "nodes",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    kind: smallint("kind").notNull(),
    key: text("key").notNull(),
    name: text("name").notNull(),
    /** A `can` edge's action and class are left out: `action` and `flags` hold them (lib/db/store/edge-props.ts). */
    props: jsonb("props").$type<Record<string, unknown>>().notNull().default({}),
    /**
     * The source that reports this node in full (a `ref` from another source never takes it over). No
     * foreign key, for the same reason as on edges; a statement trigger clears it when the source goes.
     */
    sourceId: integer("source_id"),
    /** True while the node exists only because some batch referenced it. */
    isRef: boolean("is_ref").notNull().default(false),
    firstSeenSweep: integer("first_seen_sweep").notNull(),
    /** The last sweep that wrote the node; sweeps that find it unchanged leave it (see mergeStagedNodes). */
    lastSeenSweep: integer("last_seen_sweep").notNull(),
  },
  // Only the natural key is indexed besides the id: every further index costs each ingested row more
  // than it saves the queries (pruning reads a source's nodes by a scan; names are searched by ilike).
  (table) => [uniqueIndex("nodes_kind_key_uq").on(table.kind, table.key)],
);

/**
 * The natural key is the primary key, and traversal goes both ways: (src, kind) leads the key, (dst, kind)
 * has its own index. Those two are the only indexes, because each one costs every ingested edge about as
 * much as writing the row (BENCHMARKS.md). A sweep stamps only the edges it adds or changes: pruning finds
 * what it no longer reports by comparing with the batch, not by a last-seen column.
 */
export const edges = pgTable(
  "edges",
  {
    kind: smallint("kind").notNull(),
    // No row-level foreign keys on edges: at a million rows their per-row checks cost more than the
    // inserts themselves. The store only writes edges between nodes it has just upserted, and statement
    // triggers (migration 0003) keep the old cascades: deleting nodes deletes their edges, deleting a
    // source clears edges.source_id.
    src: integer("src").notNull(),
    dst: integer("dst").notNull(),
    /** props.action for `can` edges, '' otherwise: part of the natural key. */
    action: text("action").notNull().default(""),
    /** A `can` edge's action and class are left out: `action` and `flags` hold them (lib/db/store/edge-props.ts). */
    props: jsonb("props").$type<Record<string, unknown>>().notNull().default({}),
    /**
     * What reach needs from props, packed at ingest (`packEdgeFlags`, lib/graph/reach-batch.ts): the action class and
     * whether the grant is assumed, conditional or an escalation. The index loads it as one integer.
     */
    flags: smallint("flags").notNull().default(0),
    sourceId: integer("source_id"),
    firstSeenSweep: integer("first_seen_sweep").notNull(),
  },
  (table) => [
    primaryKey({ name: "edges_pkey", columns: [table.src, table.kind, table.dst, table.action] }),
    index("edges_dst_kind_idx").on(table.dst, table.kind),
  ],
);

export const FINDING_SEVERITIES = ["critical", "high", "medium", "low", "info"] as const;
export type FindingSeverity = (typeof FINDING_SEVERITIES)[number];
export const FINDING_STATUSES = ["open", "accepted", "resolved"] as const;
export type FindingStatus = (typeof FINDING_STATUSES)[number];

/**
 * One row per (rule, subject): the id is a stable hash of both, so recomputing after a sweep updates the
 * same row and its status (accepted, with a reason and an expiry) survives. Subjects are natural keys,
 * not node ids, because node ids change when a node is pruned and reported again.
 */
export const findings = pgTable(
  "findings",
  {
    id: text("id").primaryKey(),
    rule: text("rule").notNull(),
    severity: text("severity", { enum: FINDING_SEVERITIES }).notNull(),
    subjectKind: text("subject_kind").notNull(),
    subjectKey: text("subject_key").notNull(),
    subjectName: text("subject_name").notNull(),
    /** Natural keys of the agents this finding concerns (for "findings of this agent"). */
    agentKeys: text("agent_keys").array().notNull().default([]),
    title: text("title").notNull(),
    /** Paths and facts that explain the finding; never a secret value. */
    evidence: jsonb("evidence").$type<Record<string, unknown>>().notNull().default({}),
    remediation: text("remediation").notNull(),
    status: text("status", { enum: FINDING_STATUSES }).notNull().default("open"),
    acceptedReason: text("accepted_reason"),
    acceptedExpiresAt: timestamp("accepted_expires_at", { withTimezone: true }),
    acceptedBy: text("accepted_by"),
    firstSeenSweep: integer("first_seen_sweep"),
    lastSeenSweep: integer("last_seen_sweep"),
    firstSeenAt: timestamp("first_seen_at", { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull().defaultNow(),
    resolvedAt: timestamp("resolved_at", { withTimezone: true }),
  },
  (table) => [
    index("findings_status_severity_idx").on(table.status, table.severity),
    index("findings_rule_idx").on(table.rule),
    index("findings_subject_idx").on(table.subjectKey),
  ],
);

/**
 * Every change of a finding's status, by a person (accept, reopen: with their reason) or by the analysis
 * (resolved when no longer produced, reopened when produced again or when an acceptance lapsed). A new
 * finding has no row: its first_seen_at says when it opened.
 */
export const findingEvents = pgTable(
  "finding_events",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    findingId: text("finding_id")
      .notNull()
      .references(() => findings.id, { onDelete: "cascade" }),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
    /** The user's name; null when the analysis changed the status. */
    actor: text("actor"),
    fromStatus: text("from_status", { enum: FINDING_STATUSES }),
    toStatus: text("to_status", { enum: FINDING_STATUSES }).notNull(),
    reason: text("reason"),
    /** An acceptance's expiry, as it was set. */
    expiresAt: timestamp("expires_at", { withTimezone: true }),
    sweepId: integer("sweep_id"),
  },
  (table) => [index("finding_events_finding_idx").on(table.findingId, table.id)],
);

/** One row per analysis (reach + findings recompute), for history and "when was this last computed". */
export const analysisRuns = pgTable("analysis_runs", {
  id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
  sweepId: integer("sweep_id"),
  startedAt: timestamp("started_at", { withTimezone: true }).notNull().defaultNow(),
  finishedAt: timestamp("finished_at", { withTimezone: true }),
  stats: jsonb("stats").$type<Record<string, unknown>>(),
  error: text("error"),
});

export type User = typeof users.$inferSelect;
export type UserRole = (typeof USER_ROLES)[number];
export type AuditEntry = typeof auditLog.$inferSelect;
export type Source = typeof sources.$inferSelect;
export type Sweep = typeof sweeps.$inferSelect;
export type NodeRow = typeof nodes.$inferSelect;
export type EdgeRow = typeof edges.$inferSelect;
export type FindingRow = typeof findings.$inferSelect;
export type FindingEventRow = typeof findingEvents.$inferSelect;
export type AnalysisRun = typeof analysisRuns.$inferSelect;
export type SweepLog = typeof sweepLogs.$inferSelect;
export type ApiToken = typeof apiTokens.$inferSelect;

