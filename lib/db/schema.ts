/**
 * The one schema for all three drivers (PGlite, node-postgres, Neon). Migrations in drizzle/ are generated
 * from it with `npm run db:generate`. Only features Postgres 15 and PGlite (Postgres 18) share.
 */

import {
  bigint,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  smallint,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";

export const users = pgTable("users", {
  id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
  username: text("username").notNull().unique(),
  passwordHash: text("password_hash").notNull(),
  role: text("role", { enum: ["admin", "viewer"] }).notNull().default("viewer"),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

export const sources = pgTable("sources", {
  id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
  name: text("name").notNull().unique(),
  collector: text("collector").notNull(),
  config: jsonb("config").$type<Record<string, unknown>>().notNull().default({}),
  schedule: text("schedule"),
  timezone: text("timezone").notNull().default("UTC"),
  enabled: boolean("enabled").notNull().default(true),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

export const SWEEP_STATUSES = ["queued", "running", "succeeded", "failed", "cancelled"] as const;

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
  },
  (table) => [index("sweeps_source_idx").on(table.sourceId, table.id)],
);

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
    props: jsonb("props").$type<Record<string, unknown>>().notNull().default({}),
    /** The source that reports this node in full (a `ref` from another source never takes it over). */
    sourceId: integer("source_id").references(() => sources.id, { onDelete: "set null" }),
    /** True while the node exists only because some batch referenced it. */
    isRef: boolean("is_ref").notNull().default(false),
    firstSeenSweep: integer("first_seen_sweep").notNull(),
    lastSeenSweep: integer("last_seen_sweep").notNull(),
  },
  (table) => [
    uniqueIndex("nodes_kind_key_uq").on(table.kind, table.key),
    index("nodes_source_seen_idx").on(table.sourceId, table.lastSeenSweep),
    index("nodes_name_idx").on(table.name),
  ],
);

/**
 * Traversal goes both ways: (src, kind) is covered by the unique key, (dst, kind) by its own index.
 */
export const edges = pgTable(
  "edges",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    kind: smallint("kind").notNull(),
    src: integer("src")
      .notNull()
      .references(() => nodes.id, { onDelete: "cascade" }),
    dst: integer("dst")
      .notNull()
      .references(() => nodes.id, { onDelete: "cascade" }),
    /** props.action for `can` edges, '' otherwise: part of the natural key. */
    action: text("action").notNull().default(""),
    props: jsonb("props").$type<Record<string, unknown>>().notNull().default({}),
    sourceId: integer("source_id").references(() => sources.id, { onDelete: "set null" }),
    firstSeenSweep: integer("first_seen_sweep").notNull(),
    lastSeenSweep: integer("last_seen_sweep").notNull(),
  },
  (table) => [
    uniqueIndex("edges_natural_uq").on(table.src, table.kind, table.dst, table.action),
    index("edges_dst_kind_idx").on(table.dst, table.kind),
    index("edges_source_seen_idx").on(table.sourceId, table.lastSeenSweep),
  ],
);

export type User = typeof users.$inferSelect;
export type Source = typeof sources.$inferSelect;
export type Sweep = typeof sweeps.$inferSelect;
export type NodeRow = typeof nodes.$inferSelect;
export type EdgeRow = typeof edges.$inferSelect;

