/**
 * The counting rule: what every number about reach means, written once. The overview, the agents list,
 * the agent page, the credential inventory, the findings, the CLI and the API all count with this
 * module and label their numbers with COUNT_LABELS, so the same agent shows the same numbers everywhere.
 *
 * - A **reach row** is one (action, resource) pair a start (agent, credential, identity) can perform,
 *   by the shortest path to it. Paths do not multiply rows: two credentials granting DROP on one
 *   database are one row.
 * - **What dies with it counts.** A D1 action on a resource also destroys what it holds (resources it
 *   contains, recovery copies stored in it): each of those is a row of its own, of the same action and
 *   class D1, marked `via` the container. The incident's volumeDelete destroyed the volume and its
 *   backup: two D1 actions, two resources at risk.
 * - **D1 actions** (D2 … R alike) = rows of that class. **D1 resources** = distinct resources (or
 *   copies) among those rows: a database with DROP and TRUNCATE is 2 D1 actions, 1 D1 resource.
 * - **Resources at risk** = distinct resources and recovery copies some D1 or D2 row names: what the
 *   start can destroy, each counted once whatever the number of actions or classes that reach it.
 *
 * Counts come from the engine's rows (rows.ts) through RuleCounter, in one pass; nothing else counts reach.
 */
import { ACTION_CLASSES, type ActionClass } from "@/lib/graph/types";

export interface ReachCount {
  /** Rows per class: (action, resource) pairs, what dies with a destroyed resource included (as D1). */
  actions: Record<ActionClass, number>;
  /** Distinct resources and copies per class, what dies with a destroyed resource included (as D1). */
  resources: Record<ActionClass, number>;
  /** Distinct resources and copies some D1 or D2 row names. */
  atRisk: number;
}

/** What each number counts, for the label beside it ("D1 actions: 17 — (action, resource) pairs …"). */
export const COUNT_LABELS = {
  actions: (cls: ActionClass) => `${cls} actions`,
  resources: (cls: ActionClass) => `${cls} resources`,
  atRisk: "resources at risk",
  explain: {
    actions: "(action, resource) pairs, what dies with a destroyed resource included",
    resources: "distinct resources and recovery copies, what dies with a destroyed resource included",
    atRisk: "distinct resources and recovery copies a D1 or D2 action destroys, what dies with them included",
  },
} as const;

/** A label with its explanation, for a tooltip or a caption: "D1 actions: (action, resource) pairs, …". */
export function describeCount(which: "actions" | "resources", cls: ActionClass): string;
export function describeCount(which: "atRisk"): string;
export function describeCount(which: keyof typeof COUNT_LABELS.explain, cls?: ActionClass): string {
  const label = which === "atRisk" ? COUNT_LABELS.atRisk : COUNT_LABELS[which](cls!);
  return `${label}: ${COUNT_LABELS.explain[which]}`;
}

/** The rows the rule counts: any view of the engine's rows (class code 1 = D1 … 7 = R). */
export interface CountableRows {
  readonly count: number;
  classCode(row: number): number;
  resource(row: number): number;
}

const DESTROYING_BITS = (1 << 1) | (1 << 2); // D1, D2

/**
 * The rule as an accumulator: rows are added one by one (class code 1 = D1 … 7 = R, and the resource),
 * so the engine's loops feed it straight from their columns. Distinct resources are told apart by a
 * byte of class bits per node, valid for this count's epoch (no clearing between counts).
 */
export class RuleCounter {
  private readonly actions = new Int32Array(ACTION_CLASSES.length + 1);
  private readonly resources = new Int32Array(ACTION_CLASSES.length + 1);
  private atRisk = 0;

  constructor(
    /** [node] → class bits seen on it in this count. */
    private readonly bits: Uint8Array,
    /** [node] → the count whose bits `bits` holds. */
    private readonly stamp: Uint32Array,
    private readonly epoch: number,
  ) {}

  /**
   * Branch-free: whether a row is a resource's first of its class is a coin toss per row, and a
   * mispredicted branch per row cost more than the rest of the count.
   */
  add(code: number, resource: number): void {
    this.actions[code]++;
    const fresh = this.stamp[resource] ^ this.epoch; // 0 when this count has seen the resource
    const seen = this.bits[resource] & -(asBit(fresh === 0));
    this.stamp[resource] = this.epoch;
    const bit = 1 << code;
    this.bits[resource] = seen | bit;
    const first = asBit((seen & bit) === 0);
    this.resources[code] += first;
    this.atRisk += first & asBit((seen & DESTROYING_BITS) === 0) & asBit((bit & DESTROYING_BITS) !== 0);
  }

  result(): ReachCount {
    return { actions: byClass(this.actions), resources: byClass(this.resources), atRisk: this.atRisk };
  }
}

/** Counts any view of the engine's rows by the rule (the counts view feeds RuleCounter from its columns). */
export function countRows(rows: CountableRows): ReachCount {
  let top = 0;
  for (let i = 0; i < rows.count; i++) top = Math.max(top, rows.resource(i));
  const counter = new RuleCounter(new Uint8Array(top + 1), new Uint32Array(top + 1), 1);
  for (let i = 0; i < rows.count; i++) counter.add(rows.classCode(i), rows.resource(i));
  return counter.result();
}

/** A comparison as 0 or 1, without a branch (`true | 0` is 1). */
function asBit(value: boolean): number {
  return (value as unknown as number) | 0;
}

function byClass(perCode: Int32Array): Record<ActionClass, number> {
  return Object.fromEntries(ACTION_CLASSES.map((c, i) => [c, perCode[i + 1]])) as Record<ActionClass, number>;
}

/** The rule on row objects (tests, the reference SQL's rows): the same counts, the plain way. */
export function countRowObjects(rows: readonly { class: ActionClass; resource: number }[]): ReachCount {
  const pairs = (cls: ActionClass) => rows.filter((r) => r.class === cls);
  return {
    actions: Object.fromEntries(ACTION_CLASSES.map((c) => [c, pairs(c).length])) as Record<ActionClass, number>,
    resources: Object.fromEntries(ACTION_CLASSES.map((c) => [c, new Set(pairs(c).map((r) => r.resource)).size])) as Record<ActionClass, number>,
    atRisk: new Set(rows.filter((r) => r.class === "D1" || r.class === "D2").map((r) => r.resource)).size,
  };
}
