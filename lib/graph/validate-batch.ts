/**
 * Validates a batch before anything is written. A record that does not fit (a node of an unknown kind, an
 * edge whose end is not in the batch) is left out with a warning naming it by its path ("edges[12].dst.kind"),
 * and the rest is kept: a committer who plants one bad record in a repository must not blind Blastmap to the
 * whole of it. A batch is refused whole only when its shape is wrong or none of its records fits, so a push
 * in the wrong format never reads as an empty sweep that prunes the source. Over-long keys and names are
 * bounded, never a reason to leave a record out (see MAX_KEY_LENGTH).
 *
 * A pushed batch is validated in slices with turns of the event loop between them (validateBatchInSlices):
 * half a million records hold the server for about a second otherwise.
 */
import { createHash } from "node:crypto";
import { formatIssuePath, issueMessage } from "@/lib/issue-text";
import { z } from "zod";
import type { Source } from "@/lib/db/schema";
import { redactSecretWords } from "@/lib/credentials/redact-text";
import { AppError } from "@/lib/errors";
import { NodeRefMap } from "@/lib/graph/node-ref-map";
import {
  MAX_KEY_LENGTH,
  MAX_NAME_LENGTH,
  boundText,
  graphEdgeSchema,
  graphNodeSchema,
  warningSchema,
  type CollectorWarning,
  type NodeRef,
  type ValidGraphBatch,
} from "@/lib/graph/types";

export { formatIssuePath };

/** Batches this module returned: validating one again returns it as it is. */
const validated = new WeakSet<object>();

export function validateBatch(input: unknown): ValidGraphBatch {
  const steps = validationSteps(input);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

export async function validateBatchInSlices(input: unknown): Promise<ValidGraphBatch> {
  const steps = validationSteps(input);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** Records validated between turns of the event loop: ~10 ms of work. */
const VALIDATE_SLICE = 10_000;

/** Warnings kept from one batch; the rest are counted in one more. */
export const MAX_WARNINGS = 1_000;

const batchShapeSchema = z.object({
  collector: z.string().min(1).max(100),
  nodes: z.array(z.unknown()),
  edges: z.array(z.unknown()),
  warnings: z.array(z.unknown()).default([]),
});

function* validationSteps(input: unknown): Generator<void, ValidGraphBatch> {
  if (typeof input === "object" && input !== null && validated.has(input)) return input as ValidGraphBatch;
  const shape = parseShape(input);
  const problems = new Problems();
  const nodes: ValidGraphBatch["nodes"] = [];
  const known = new NodeRefMap<true>();
  for (let i = 0; i < shape.nodes.length; i++) {
    if (i % VALIDATE_SLICE === VALIDATE_SLICE - 1) yield;
    const node = parseRecord(graphNodeSchema, shape.nodes[i], ["nodes", i], problems);
    if (!node) continue;
    node.key = boundKey(node.key);
    node.name = boundText(node.name, MAX_NAME_LENGTH);
    nodes.push(node);
    known.set(node, true);
  }
  const edges: ValidGraphBatch["edges"] = [];
  for (let i = 0; i < shape.edges.length; i++) {
    if (i % VALIDATE_SLICE === VALIDATE_SLICE - 1) yield;
    const edge = parseRecord(graphEdgeSchema, shape.edges[i], ["edges", i], problems);
    if (!edge) continue;
    edge.src.key = boundKey(edge.src.key);
    edge.dst.key = boundKey(edge.dst.key);
    const missing = !known.has(edge.src) ? "src" : !known.has(edge.dst) ? "dst" : null;
    if (missing) problems.add(danglingEnd(i, missing, edge[missing]));
    else edges.push(edge);
  }
  const records = shape.nodes.length + shape.edges.length;
  if (records > 0 && nodes.length + edges.length === 0) {
    throw new AppError("bad_request:batch", `Invalid batch: none of its ${records} records fits; the first: ${problems.kept[0]}`);
  }
  const warnings: CollectorWarning[] = [];
  for (let i = 0; i < shape.warnings.length && warnings.length < MAX_WARNINGS; i++) {
    const warning = parseRecord(warningSchema, shape.warnings[i], ["warnings", i], problems);
    if (warning) warnings.push(warning);
  }
  for (const problem of problems.kept) {
    if (warnings.length === MAX_WARNINGS) break;
    warnings.push({ code: RECORD_LEFT_OUT, message: `${problem}. This record was left out; the rest of the batch was kept.` });
  }
  const unkept = shape.warnings.length + problems.count - warnings.length;
  if (unkept > 0) {
    warnings.push({ code: "warnings_dropped", message: `${unkept} more warnings were left out (at most ${MAX_WARNINGS} are kept).` });
  }
  const batch: ValidGraphBatch = { collector: shape.collector, nodes, edges, warnings };
  validated.add(batch);
  return batch;
}

function parseShape(input: unknown): z.output<typeof batchShapeSchema> {
  const parsed = batchShapeSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw new AppError("bad_request:batch", `Invalid batch at ${problemOf(parsed.error.issues[0], [])}`);
}

/** The warning code of a record validation left out. */
export const RECORD_LEFT_OUT = "record_left_out";

/**
 * Why records were left out: the first MAX_WARNINGS, which are all a batch's warnings can hold, and how many
 * in all. A batch of a million bad records must not hold a million messages.
 */
class Problems {
  readonly kept: string[] = [];
  count = 0;

  add(problem: string): void {
    if (this.kept.length < MAX_WARNINGS) this.kept.push(problem);
    this.count++;
  }
}

/** The record parsed, or undefined with its problem added to `problems`. */
function parseRecord<T>(schema: z.ZodType<T>, value: unknown, at: (string | number)[], problems: Problems): T | undefined {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  problems.add(problemOf(parsed.error.issues[0], at));
  return undefined;
}

function problemOf(issue: z.core.$ZodIssue, at: (string | number)[]): string {
  return `${formatIssuePath([...at, ...issue.path]) || "batch"}: ${issueMessage(issue)}`;
}

/** The key is someone's text, kept in a sweep's warnings: any secret-shaped word in it is redacted. */
function danglingEnd(index: number, end: "src" | "dst", ref: NodeRef): string {
  return `edges[${index}].${end}: no node ${ref.kind} "${redactSecretWords(boundText(ref.key, 200))}" in this batch (add it, as a ref if another source owns it)`;
}

/**
 * A key past MAX_KEY_LENGTH: its start and a hash of the whole, so it stays unique and an edge that names
 * the node by the same long key still finds it.
 */
export function boundKey(key: string): string {
  if (key.length <= MAX_KEY_LENGTH) return key;
  return `${key.slice(0, 1024)}…#sha256:${createHash("sha256").update(key).digest("hex")}`;
}

/**
 * A source is fed by one collector. A batch from another one would, as this source's sweep, prune what
 * the source's own collector reported and claim nodes in its name: refused.
 */
export function assertBatchFitsSource(source: Pick<Source, "name" | "collector">, batch: Pick<ValidGraphBatch, "collector">): void {
  if (batch.collector === source.collector) return;
  throw new AppError(
    "bad_request:batch",
    `This batch comes from the "${batch.collector}" collector, but source "${source.name}" is fed by "${source.collector}". Push it to a source of that collector.`,
  );
}
